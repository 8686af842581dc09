using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MlGuard.Flow
{
    /// <summary>
    /// Answers "which origins can this value come from?" over a <see cref="FlowScope"/>: through conversions,
    /// conditionals, locals, fields, properties and parameters (call-site arguments), cycle-safe and memoised
    /// per symbol. What counts as an origin, and which operations merely derive a value from another one
    /// (such as <c>ml.Data</c> from <c>ml</c>), is supplied by the rule's value model.
    /// </summary>
    internal sealed class OriginResolver
    {
        private readonly FlowScope _scope;
        private readonly Func<IOperation, bool> _isOrigin;
        private readonly Func<IOperation, IOperation?> _derivedFrom;
        private readonly Dictionary<ISymbol, Origins> _symbolOrigins = new Dictionary<ISymbol, Origins>(SymbolEqualityComparer.Default);
        private readonly HashSet<ISymbol> _inProgress = new HashSet<ISymbol>(SymbolEqualityComparer.Default);

        /// <param name="isOrigin">True for operations that create a tracked value.</param>
        /// <param name="derivedFrom">
        /// For an operation whose value is derived from another tracked value, that value's operation;
        /// otherwise null.
        /// </param>
        public OriginResolver(FlowScope scope, Func<IOperation, bool> isOrigin, Func<IOperation, IOperation?> derivedFrom)
        {
            _scope = scope;
            _isOrigin = isOrigin;
            _derivedFrom = derivedFrom;
        }

        public Origins Resolve(IOperation? value)
        {
            value = Unwrap(value);
            if (value is null)
            {
                return Origins.Unknown;
            }

            if (_isOrigin(value))
            {
                return Origins.Of(value);
            }

            if (_derivedFrom(value) is { } inner)
            {
                return Resolve(inner);
            }

            switch (value)
            {
                case IConditionalOperation conditional when conditional.WhenFalse is not null:
                    return Resolve(conditional.WhenTrue).Union(Resolve(conditional.WhenFalse));
                case ICoalesceOperation coalesce:
                    return Resolve(coalesce.Value).Union(Resolve(coalesce.WhenNull));
            }

            return FlowScope.TargetSymbol(value) is { } symbol ? ResolveSymbol(symbol) : Origins.Unknown;
        }

        private Origins ResolveSymbol(ISymbol symbol)
        {
            if (_symbolOrigins.TryGetValue(symbol, out var cached))
            {
                return cached;
            }

            if (!_inProgress.Add(symbol))
            {
                // A cycle (a = b; b = a) adds nothing beyond what the other assignments bring.
                return Origins.None;
            }

            var result = _scope.HasUnseenWriters(symbol) ? Origins.Unknown : Origins.None;
            var any = false;
            foreach (var assigned in _scope.AssignedValues(symbol))
            {
                any = true;
                result = result.Union(Resolve(assigned));
            }

            if (!any)
            {
                // Declared without a visible assignment (out variables, deconstruction, foreach, DI).
                result = Origins.Unknown;
            }

            _inProgress.Remove(symbol);
            if (_inProgress.Count == 0)
            {
                // Only a top-level result is complete: a nested one may have been cut short by a cycle.
                _symbolOrigins[symbol] = result;
            }

            return result;
        }

        private static IOperation? Unwrap(IOperation? operation)
        {
            while (true)
            {
                switch (operation)
                {
                    case IConversionOperation conversion:
                        operation = conversion.Operand;
                        continue;
                    case IParenthesizedOperation parenthesized:
                        operation = parenthesized.Operand;
                        continue;
                    default:
                        return operation;
                }
            }
        }
    }
}
