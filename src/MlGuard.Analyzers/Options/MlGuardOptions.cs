using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using MlGuard.Infrastructure;

namespace MlGuard.Options
{
    /// <summary>
    /// The package-wide <c>.editorconfig</c> options of the MLG3xxx rules (rule-catalog.md): comma-separated,
    /// trimmed, case-sensitive lists. Section-scoped values apply to the files of that section only; project-wide
    /// values belong in the root <c>[*.cs]</c> section or a <c>.globalconfig</c>.
    /// </summary>
    internal sealed class MlGuardOptions
    {
        public const string CriticalAttributesKey = "mlguard.critical_attributes";
        public const string CriticalNamespacesKey = "mlguard.critical_namespaces";
        public const string MlSinksKey = "mlguard.ml_sinks";

        public static readonly MlGuardOptions Empty = new MlGuardOptions(
            ImmutableArray<string>.Empty, ImmutableArray<string>.Empty, ImmutableArray<string>.Empty);

        private MlGuardOptions(ImmutableArray<string> criticalAttributes, ImmutableArray<string> criticalNamespaces, ImmutableArray<string> mlSinks)
        {
            CriticalAttributes = criticalAttributes;
            CriticalNamespaces = criticalNamespaces;
            MlSinks = mlSinks;
        }

        /// <summary>Attribute names: with a dot, the full metadata name; without, the simple name (with or without "Attribute").</summary>
        public ImmutableArray<string> CriticalAttributes { get; }

        /// <summary>Namespace prefixes, matched segment-wise.</summary>
        public ImmutableArray<string> CriticalNamespaces { get; }

        /// <summary>Fully qualified methods (<c>Namespace.Type.Method</c>, every overload) that count as ML inference.</summary>
        public ImmutableArray<string> MlSinks { get; }

        public bool IsEmpty => CriticalAttributes.IsEmpty && CriticalNamespaces.IsEmpty && MlSinks.IsEmpty;

        public static MlGuardOptions Read(AnalyzerConfigOptions options)
        {
            var attributes = List(options, CriticalAttributesKey);
            var namespaces = List(options, CriticalNamespacesKey);
            var sinks = List(options, MlSinksKey);
            return attributes.IsEmpty && namespaces.IsEmpty && sinks.IsEmpty
                ? Empty
                : new MlGuardOptions(attributes, namespaces, sinks);
        }

        /// <summary>True when <paramref name="namespaceName"/> is <paramref name="prefix"/> or one of its sub-namespaces.</summary>
        public static bool NamespaceMatches(string namespaceName, string prefix) =>
            namespaceName.StartsWith(prefix, StringComparison.Ordinal)
            && (namespaceName.Length == prefix.Length || namespaceName[prefix.Length] == '.');

        private static ImmutableArray<string> List(AnalyzerConfigOptions options, string key)
        {
            if (!options.TryGetValue(key, out var value) || string.IsNullOrWhiteSpace(value))
            {
                return ImmutableArray<string>.Empty;
            }

            var builder = ImmutableArray.CreateBuilder<string>();
            foreach (var part in value.Split(','))
            {
                var item = part.Trim();
                if (item.StartsWith("global::", StringComparison.Ordinal))
                {
                    item = item.Substring("global::".Length);
                }

                if (item.Length > 0 && !builder.Contains(item))
                {
                    builder.Add(item);
                }
            }

            return builder.ToImmutable();
        }
    }

    /// <summary>Options of one compilation, read once per syntax tree (and once for the global options).</summary>
    internal sealed class MlGuardOptionsCache
    {
        private readonly AnalyzerConfigOptionsProvider _provider;
        private readonly Memo<SyntaxTree, MlGuardOptions> _byTree;
        private readonly Lazy<MlGuardOptions> _global;

        public MlGuardOptionsCache(AnalyzerOptions options)
        {
            _provider = options.AnalyzerConfigOptionsProvider;
            _global = new Lazy<MlGuardOptions>(() => MlGuardOptions.Read(_provider.GlobalOptions));
            _byTree = new Memo<SyntaxTree, MlGuardOptions>(tree => MlGuardOptions.Read(_provider.GetOptions(tree)));
        }

        /// <summary>Options of a tree (its sections, the global config and the root section); asked for every invocation.</summary>
        public MlGuardOptions For(SyntaxTree? tree) => tree is null ? _global.Value : _byTree[tree];

        /// <summary>Options that apply to a symbol: those of its first declaring tree; global options for metadata.</summary>
        public MlGuardOptions For(ISymbol symbol)
        {
            foreach (var reference in symbol.DeclaringSyntaxReferences)
            {
                return For(reference.SyntaxTree);
            }

            return _global.Value;
        }

        /// <summary>True when any tree of the compilation (or the global config) configures ML sinks.</summary>
        public bool AnySinksConfigured(Compilation compilation)
        {
            if (!_global.Value.MlSinks.IsEmpty)
            {
                return true;
            }

            foreach (var tree in compilation.SyntaxTrees)
            {
                if (!For(tree).MlSinks.IsEmpty)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
