using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis.Diagnostics;
using MlGuard.Infrastructure;

namespace MlGuard.Benchmarks
{
    internal static class MlGuardAnalyzers
    {
        /// <summary>Every analyzer the package ships.</summary>
        public static ImmutableArray<DiagnosticAnalyzer> All { get; } = typeof(MlGuardAnalyzer).Assembly.GetTypes()
            .Where(type => typeof(DiagnosticAnalyzer).IsAssignableFrom(type) && !type.IsAbstract && type.GetConstructor(Type.EmptyTypes) is not null)
            .Select(type => (DiagnosticAnalyzer)Activator.CreateInstance(type)!)
            .ToImmutableArray();
    }
}
