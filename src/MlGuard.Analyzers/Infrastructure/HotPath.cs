using System.Runtime.CompilerServices;

namespace MlGuard.Infrastructure
{
    /// <summary>
    /// Method options for the code that runs for every operation or type of a compilation. The compiler loads
    /// MlGuard fresh for a build, and tiered compilation would run these methods unoptimised for much of it
    /// (longer on a busy machine, where the background compiler waits for a core); they are compiled fully
    /// optimised at once. AggressiveOptimization (512) is missing from netstandard2.0's enum; .NET Framework
    /// hosts (Visual Studio) ignore the bit.
    /// </summary>
    internal static class HotPath
    {
        public const MethodImplOptions Options = (MethodImplOptions)512;
    }
}
