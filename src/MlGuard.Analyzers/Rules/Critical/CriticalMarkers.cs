using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using MlGuard.CallGraph;
using MlGuard.Infrastructure;
using MlGuard.MlNet;
using MlGuard.Options;

namespace MlGuard.Rules.Critical
{
    /// <summary>
    /// Decides whether a member is critical (ml-rules-design.md 2.5): it, its associated property or event, any
    /// containing type or its assembly carries <c>MlGuard.CriticalAttribute</c> or an attribute named in
    /// <c>mlguard.critical_attributes</c>, or its namespace matches <c>mlguard.critical_namespaces</c>.
    /// Lambdas and local functions belong to their containing member. One instance per compilation.
    /// </summary>
    internal sealed class CriticalMarkers
    {
        private readonly MlGuardOptionsCache _options;
        private readonly Memo<ISymbol, bool> _cache;

        public CriticalMarkers(MlGuardOptionsCache options)
        {
            _options = options;
            _cache = new Memo<ISymbol, bool>(member => Compute(member, _options.For(member)), SymbolEqualityComparer.Default);
        }

        /// <summary>The member a lambda or local function belongs to.</summary>
        public static ISymbol OwningMember(ISymbol symbol)
        {
            while (symbol is IMethodSymbol { MethodKind: MethodKind.LambdaMethod or MethodKind.LocalFunction } && symbol.ContainingSymbol is { } containing)
            {
                symbol = containing;
            }

            return symbol;
        }

        public bool IsCritical(ISymbol member)
        {
            member = OwningMember(member);
            return _cache[member];
        }

        private static bool Compute(ISymbol member, MlGuardOptions options)
        {
            if (HasCriticalAttribute(member, options)
                || (member is IMethodSymbol { AssociatedSymbol: { } associated } && HasCriticalAttribute(associated, options)))
            {
                return true;
            }

            for (var type = member as INamedTypeSymbol ?? member.ContainingType; type is not null; type = type.ContainingType)
            {
                if (HasCriticalAttribute(type, options))
                {
                    return true;
                }
            }

            if (member.ContainingAssembly is { } assembly && HasCriticalAttribute(assembly, options))
            {
                return true;
            }

            if (!options.CriticalNamespaces.IsEmpty && member.ContainingNamespace is { IsGlobalNamespace: false } ns)
            {
                var name = ns.ToDisplayString();
                foreach (var prefix in options.CriticalNamespaces)
                {
                    if (MlGuardOptions.NamespaceMatches(name, prefix))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool HasCriticalAttribute(ISymbol symbol, MlGuardOptions options)
        {
            foreach (var attribute in symbol.GetAttributes())
            {
                var attributeClass = attribute.AttributeClass;
                if (attributeClass is null)
                {
                    continue;
                }

                if (InferenceSymbols.IsMarker(attributeClass, ServingApi.CriticalAttribute)
                    || MatchesConfigured(attributeClass, options.CriticalAttributes))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>With a dot: the full metadata name; without: the simple name, with or without the Attribute suffix.</summary>
        private static bool MatchesConfigured(INamedTypeSymbol attributeClass, ImmutableArray<string> configured)
        {
            if (configured.IsEmpty)
            {
                return false;
            }

            string? fullName = null;
            foreach (var entry in configured)
            {
                if (entry.IndexOf('.') >= 0)
                {
                    fullName ??= InferenceSymbols.QualifiedTypeName(attributeClass);
                    if (string.Equals(fullName, entry, StringComparison.Ordinal)
                        || string.Equals(fullName, entry + "Attribute", StringComparison.Ordinal))
                    {
                        return true;
                    }
                }
                else if (string.Equals(attributeClass.Name, entry, StringComparison.Ordinal)
                    || string.Equals(attributeClass.Name, entry + "Attribute", StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
