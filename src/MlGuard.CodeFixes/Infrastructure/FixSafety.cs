using System;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;

namespace MlGuard.CodeFixes.Infrastructure
{
    /// <summary>Code fixes run in the editor: an unexpected shape (half-typed code) must never fail the IDE action.</summary>
    internal static class FixSafety
    {
        /// <summary>Runs a fix; anything unexpected leaves the document unchanged instead of failing the IDE action.</summary>
        public static async Task<Document> SafeAsync(Document document, Func<Task<Document>> fix)
        {
            try
            {
                return await fix().ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                throw;
            }
#pragma warning disable CA1031 // A code fix must never take the editor down.
            catch (Exception)
#pragma warning restore CA1031
            {
                return document;
            }
        }

        /// <summary>Computes a fix plan; anything unexpected (half-typed code) means "no fix" rather than an exception.</summary>
        public static T? TryPlan<T>(Func<T?> plan)
            where T : class
        {
            try
            {
                return plan();
            }
            catch (OperationCanceledException)
            {
                throw;
            }
#pragma warning disable CA1031 // A code fix must never take the editor down.
            catch (Exception)
#pragma warning restore CA1031
            {
                return null;
            }
        }
    }
}
