using System.Runtime.CompilerServices;

namespace MlGuard.Build.Tasks.Compat
{
    /// <summary>
    /// Method options for the per-row code of a profiling pass. A pass is one long loop that runs once per build, so
    /// tiered compilation would spend its first seconds in unoptimised code (longer still when the machine is busy
    /// and the background compiler waits for a core); these methods are compiled fully optimised at once.
    /// .NET Framework has no such option and always compiles optimised code.
    /// </summary>
    internal static class HotPath
    {
#if NET
        public const MethodImplOptions Options = MethodImplOptions.AggressiveOptimization;
#else
        public const MethodImplOptions Options = 0;
#endif
    }
}
