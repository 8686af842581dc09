using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using MlGuard.Flow;
using MlGuard.MlNet;

namespace MlGuard.Rules.Skew
{
    /// <summary>
    /// MLG2006: a <c>CustomMapping&lt;TSrc, TDst&gt;</c> is a component of a model that reaches <c>Model.Save</c>, and
    /// either it has no contract name (a constant null: ML.NET throws at save time), or
    /// its constant contract name has no <c>[CustomMappingFactoryAttribute(name)]</c> factory that the loader could
    /// find (the model saves but cannot be loaded). Reported at the <c>CustomMapping</c> call, with the save as
    /// additional location.
    /// </summary>
    /// <remarks>
    /// Policy for the missing factory: judged only at compilation end (the factory may be in any type or file),
    /// and only when no type of the compilation is a factory with that name and no referenced assembly outside
    /// ML.NET references ML.NET's transforms assembly (such an assembly could declare the factory, possibly as an
    /// internal type the compilation cannot see). A non-constant contract name is unknown: never reported.
    /// </remarks>
    internal sealed class CustomMappingCannotBeSavedRule : IProvenanceRule
    {
        /// <summary>Diagnostic property: which problem was found (<see cref="NoContractNameForm"/> or <see cref="NoFactoryForm"/>).</summary>
        public const string FormProperty = "form";
        public const string NoContractNameForm = "NoContractName";
        public const string NoFactoryForm = "NoFactory";

        private static readonly ImmutableDictionary<string, string?> NoContractNameProperties =
            ImmutableDictionary<string, string?>.Empty.Add(FormProperty, NoContractNameForm);

        private static readonly ImmutableDictionary<string, string?> NoFactoryProperties =
            ImmutableDictionary<string, string?>.Empty.Add(FormProperty, NoFactoryForm);

        public IEnumerable<DiagnosticDescriptor> Descriptors => new[] { MlGuard.Descriptors.MLG2006_CustomMappingCannotBeSaved.Live, MlGuard.Descriptors.MLG2006_CustomMappingCannotBeSaved.CompilationEnd };

        public bool RunsIn(AnalysisTier tier) => true;

        public void Analyze(ProvenanceRuleContext context)
        {
            var engine = context.Engine;
            var ml = context.MlNet;
            HashSet<string>? factories = null;
            foreach (var save in context.Sinks)
            {
                if (!ml.IsModelSave(save.TargetMethod))
                {
                    continue;
                }

                foreach (var fit in engine.Transformer(engine.ServedModel(save)).Fits)
                {
                    foreach (var component in engine.Estimator(fit.Estimator).Components)
                    {
                        if (IsMlNetCustomMapping(ml, component.Factory.TargetMethod))
                        {
                            Check(context, component.Factory, save, ref factories);
                        }
                    }
                }
            }
        }

        /// <summary>ML.NET's own <c>CustomMapping</c> (its assembly is the factory's): a user extension of the same name is not.</summary>
        private static bool IsMlNetCustomMapping(MlNetSymbols ml, IMethodSymbol method) =>
            ml.IsCustomMapping(method)
            && ml.CustomMappingFactory is not null
            && SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, ml.CustomMappingFactory.ContainingAssembly);

        private static void Check(ProvenanceRuleContext context, IInvocationOperation mapping, IInvocationOperation save, ref HashSet<string>? factories)
        {
            var typeArguments = mapping.TargetMethod.TypeArguments;
            if (typeArguments.Length != 2 || ContractName(mapping) is not { } contract)
            {
                return;
            }

            var source = typeArguments[0].ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
            var destination = typeArguments[1].ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
            if (contract.Name is null)
            {
                context.Report(
                    MlGuard.Descriptors.MLG2006_CustomMappingCannotBeSaved,
                    mapping.Syntax,
                    new[] { save.Syntax },
                    NoContractNameProperties,
                    string.Format(System.Globalization.CultureInfo.InvariantCulture, Messages.MLG2006_NoContractName, source, destination, Describe(save)));
                return;
            }

            // A factory can be in any type or file, or in a referenced project: judged on the whole compilation only.
            if (context.Tier != AnalysisTier.Compilation || context.MlNet.ReferencesMayDeclareCustomMappingFactories)
            {
                return;
            }

            factories ??= new HashSet<string>(context.CustomMappingFactoryContracts, System.StringComparer.Ordinal);
            if (!factories.Contains(contract.Name))
            {
                context.Report(
                    MlGuard.Descriptors.MLG2006_CustomMappingCannotBeSaved,
                    mapping.Syntax,
                    new[] { save.Syntax },
                    NoFactoryProperties,
                    string.Format(System.Globalization.CultureInfo.InvariantCulture, Messages.MLG2006_NoFactory, contract.Name, Describe(save), source, destination));
            }
        }

        /// <summary>
        /// The contract name of a <c>CustomMapping</c> call: <c>Name</c> null for a constant null (or a defaulted
        /// argument, should a later ML.NET make the parameter optional); null (unknown) for a value that is not a constant.
        /// </summary>
        private static Contract? ContractName(IInvocationOperation mapping)
        {
            var argument = Operations.Argument(mapping, MlNetApi.Parameters.ContractName);
            if (argument is null)
            {
                return null;
            }

            if (argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                return new Contract(null);
            }

            var value = argument.Value.ConstantValue;
            if (!value.HasValue)
            {
                return null;
            }

            return value.Value switch
            {
                null => new Contract(null),
                string name => new Contract(name),
                _ => null,
            };
        }

        /// <summary>"Model.Save in Trainer.SaveModel", for the message.</summary>
        private static string Describe(IInvocationOperation save)
        {
            var member = save.SemanticModel?.GetEnclosingSymbol(save.Syntax.SpanStart);
            while (member is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction } && member.ContainingSymbol is not null)
            {
                member = member.ContainingSymbol;
            }

            if (member is IMethodSymbol { AssociatedSymbol: { } property })
            {
                member = property;
            }

            if (member is null || member.ContainingType is null)
            {
                return "Model.Save";
            }

            return member.Name == WellKnownMemberNames.TopLevelStatementsEntryPointMethodName
                ? "Model.Save in the top-level statements"
                : "Model.Save in " + member.ContainingType.Name + "." + (member is IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor } ? member.ContainingType.Name : member.Name);
        }

        private sealed class Contract
        {
            public Contract(string? name)
            {
                Name = name;
            }

            /// <summary>The constant contract name; null when the mapping has none.</summary>
            public string? Name { get; }
        }
    }
}
