using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MlGuard.Infrastructure;
using MlGuard.MlNet;

namespace MlGuard.Flow.Provenance
{
    /// <summary>
    /// What one scope (a type, or the whole compilation) holds for the provenance rules: the flow facts, and
    /// the ML.NET calls the rules start from (fits, evaluations, splits, cross-validations, saves, engines,
    /// trainer factories, transforms, predictions). Collected by narrow operation actions; read once at the scope's end.
    /// </summary>
    internal sealed class ProvenanceFacts
    {
        private readonly MlNetSymbols _ml;

        private ProvenanceFacts(MlNetSymbols ml, FlowScope? scope = null)
        {
            _ml = ml;
            Scope = scope!;
            Rows = new RowFacts(ml);
        }

        /// <summary>The flow facts; set once, right after construction.</summary>
        public FlowScope Scope { get; private set; }

        // Created on first use: most types of a project make no ML.NET call, and the analyzer builds facts for every type.
        private FactList<IInvocationOperation>? _calls;
        private FactList<IObjectCreationOperation>? _contextCreations;

        /// <summary>The ML.NET calls of the scope, in no particular order.</summary>
        public IEnumerable<IInvocationOperation> Calls => (IEnumerable<IInvocationOperation>?)_calls ?? Array.Empty<IInvocationOperation>();

        /// <summary>The <c>new MLContext(…)</c> creations of the scope.</summary>
        public IEnumerable<IObjectCreationOperation> ContextCreations => (IEnumerable<IObjectCreationOperation>?)_contextCreations ?? Array.Empty<IObjectCreationOperation>();

        /// <summary>The scope makes at least one ML.NET call the rules start from.</summary>
        public bool HasCalls => _calls is not null;

        /// <summary>Where user row objects (the T of LoadFromEnumerable and Predict) are built and where they flow.</summary>
        public RowFacts Rows { get; }

        /// <summary>
        /// The contract names of the custom mapping factories (<c>[CustomMappingFactoryAttribute(name)]</c> classes) the
        /// scope declares (MLG2006 asks whether a saved mapping can be loaded again).
        /// </summary>
        /// <remarks>Read only when a pipeline saves a custom mapping: computed then, not for every type (it binds the type's attributes).</remarks>
        public ImmutableArray<string> CustomMappingFactoryContracts => _contracts ??= ComputeContracts();

        private ImmutableArray<string>? _contracts;

        // What the contracts are computed from: the scope's type, or the merged types' facts.
        private INamedTypeSymbol? _type;
        private IReadOnlyCollection<ProvenanceFacts>? _mergedTypes;

        /// <summary>Nothing ML.NET happens in the scope: no call the rules start from, no context created.</summary>
        public bool IsEmpty => _calls is null && _contextCreations is null;

        public static ProvenanceFacts Register(SymbolStartAnalysisContext context, MlNetSymbols ml, SafeAnalysis safe)
        {
            var facts = new ProvenanceFacts(ml);
            facts.Scope = FlowScope.Register(context, ml.IsTrackedByFlow, safe, facts.Observe);
            facts._type = context.Symbol as INamedTypeSymbol;
            return facts;
        }

        /// <summary>The facts of the whole compilation: the union of what its types collected.</summary>
        public static ProvenanceFacts Merge(IReadOnlyCollection<ProvenanceFacts> types, MlNetSymbols ml)
        {
            var facts = new ProvenanceFacts(ml, FlowScope.Merge(types.Select(t => t.Scope), ml.IsTrackedByFlow)) { _mergedTypes = types };
            foreach (var type in types)
            {
                foreach (var call in type.Calls)
                {
                    facts.CallList.Add(call);
                }

                foreach (var creation in type.ContextCreations)
                {
                    facts.ContextCreationList.Add(creation);
                }

                facts.Rows.MergeFrom(type.Rows);
            }

            return facts;
        }

        private ImmutableArray<string> ComputeContracts()
        {
            if (_mergedTypes is not null)
            {
                return _mergedTypes.SelectMany(type => type.CustomMappingFactoryContracts).ToImmutableArray();
            }

            return _type is null ? ImmutableArray<string>.Empty : _ml.CustomMappingFactoryContracts(_type);
        }

        private FactList<IInvocationOperation> CallList =>
            LazyInitializer.EnsureInitialized(ref _calls, () => new FactList<IInvocationOperation>())!;

        private FactList<IObjectCreationOperation> ContextCreationList =>
            LazyInitializer.EnsureInitialized(ref _contextCreations, () => new FactList<IObjectCreationOperation>())!;

        public ProvenanceEngine CreateEngine() => new ProvenanceEngine(_ml, Scope, Calls.Where(c => _ml.IsDataSave(c.TargetMethod)));

        /// <summary>Sees every operation the flow scope observes: keeps the ML.NET calls and context creations.</summary>
        [MethodImpl(HotPath.Options)]
        private void Observe(IOperation operation)
        {
            switch (operation)
            {
                case IInvocationOperation invocation:
                    OnInvocation(invocation);
                    break;
                case IObjectCreationOperation creation:
                    OnCreation(creation);
                    break;
            }

            Rows.Observe(operation);
        }

        [MethodImpl(HotPath.Options)]
        private void OnCreation(IObjectCreationOperation creation)
        {
            if (_ml.IsMLContext(creation.Type))
            {
                ContextCreationList.Add(creation);
            }
        }

        [MethodImpl(HotPath.Options)]
        private void OnInvocation(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            if (!_ml.MayBeProvenanceCall(method))
            {
                return;
            }

            if (_ml.IsFit(method) || _ml.IsEvaluate(method) || _ml.IsTrainerFactory(method)
                || _ml.ClassifyRandomOperation(method) is not null
                || _ml.IsModelSave(method) || _ml.IsCreatePredictionEngine(method)
                || _ml.IsTransform(method) || _ml.IsPredict(method) || _ml.IsDataSave(method))
            {
                CallList.Add(invocation);
            }
        }
    }
}
