using System;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MlGuard.Infrastructure
{
    /// <summary>
    /// Runs analysis callbacks so that an unexpected exception skips the one block or type being analysed
    /// instead of disabling MlGuard for the whole compilation (AD0001). Tests set the global option
    /// <c>mlguard_internal.rethrow = true</c> so that every such exception fails the test instead.
    /// </summary>
    internal sealed class SafeAnalysis
    {
        public const string RethrowOption = "mlguard_internal.rethrow";

        private readonly bool _rethrow;

        private SafeAnalysis(bool rethrow)
        {
            _rethrow = rethrow;
        }

        public static SafeAnalysis From(AnalyzerOptions options) =>
            new SafeAnalysis(options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(RethrowOption, out var value)
                && string.Equals(value, "true", StringComparison.OrdinalIgnoreCase));

        public void Run(Action action)
        {
            try
            {
                action();
            }
            catch (Exception exception) when (!_rethrow && exception is not OperationCanceledException)
            {
                // Skipped on purpose: half-typed or unusual code must never take the analyzer down.
            }
        }

        /// <summary>The callback, guarded; allocates nothing per call (it runs for every matching operation).</summary>
        public Action<T> Wrap<T>(Action<T> action) => [MethodImpl(HotPath.Options)] (T argument) =>
        {
            try
            {
                action(argument);
            }
            catch (Exception exception) when (!_rethrow && exception is not OperationCanceledException)
            {
                // Skipped on purpose, as in Run.
            }
        };
    }
}
