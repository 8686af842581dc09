using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace MlGuard.Flow
{
    /// <summary>
    /// The value of a symbol over a <see cref="FlowScope"/>: the join of every value assigned to it, plus
    /// "unknown" when unseen writers exist or no assignment is visible. Cycle-safe (a = b; b = a) and
    /// memoised; shared by every abstract-value kind (contexts, data, estimators, transformers).
    /// </summary>
    internal sealed class SymbolValues<T>
    {
        private readonly FlowScope _scope;
        private readonly IValueLattice<T> _lattice;
        private readonly Func<Assignment, T> _evaluate;
        private readonly Dictionary<ISymbol, T> _cache = new Dictionary<ISymbol, T>(SymbolEqualityComparer.Default);
        private readonly HashSet<ISymbol> _inProgress = new HashSet<ISymbol>(SymbolEqualityComparer.Default);

        public SymbolValues(FlowScope scope, IValueLattice<T> lattice, Func<Assignment, T> evaluate)
        {
            _scope = scope;
            _lattice = lattice;
            _evaluate = evaluate;
        }

        public T Of(ISymbol symbol)
        {
            if (_cache.TryGetValue(symbol, out var cached))
            {
                return cached;
            }

            if (!_inProgress.Add(symbol))
            {
                // A cycle adds nothing beyond what the other assignments bring.
                return _lattice.Bottom;
            }

            var result = _scope.HasUnseenWriters(symbol) ? _lattice.Unknown : _lattice.Bottom;
            var any = false;
            foreach (var assignment in _scope.AssignedValues(symbol))
            {
                any = true;
                result = _lattice.Join(result, _evaluate(assignment));
            }

            if (!any)
            {
                // Declared without a visible assignment (out variables, pattern variables, DI).
                result = _lattice.Unknown;
            }

            _inProgress.Remove(symbol);
            if (_inProgress.Count == 0)
            {
                // Only a top-level result is complete: a nested one may have been cut short by a cycle.
                _cache[symbol] = result;
            }

            return result;
        }
    }

    /// <summary>The join-semilattice of an abstract value kind.</summary>
    internal interface IValueLattice<T>
    {
        T Bottom { get; }

        T Unknown { get; }

        T Join(T left, T right);
    }
}
