using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MlGuard.Flow
{
    /// <summary>
    /// Answers "which origins can this value come from?" over a <see cref="FlowScope"/>: through conversions,
    /// conditionals, locals, fields, properties and parameters (call-site arguments). What counts as an
    /// origin, and which operations merely derive a value from another one (such as <c>ml.Data</c> from
    /// <c>ml</c>), is supplied by the rule's value model.
    /// </summary>
    internal sealed class OriginResolver : IValueLattice<Origins>
    {
        private readonly Func<IOperation, bool> _isOrigin;
        private readonly Func<IOperation, IOperation?> _derivedFrom;
        private readonly SymbolValues<Origins> _symbols;

        /// <param name="isOrigin">True for operations that create a tracked value.</param>
        /// <param name="derivedFrom">
        /// For an operation whose value is derived from another tracked value, that value's operation;
        /// otherwise null.
        /// </param>
        public OriginResolver(FlowScope scope, Func<IOperation, bool> isOrigin, Func<IOperation, IOperation?> derivedFrom)
        {
            _isOrigin = isOrigin;
            _derivedFrom = derivedFrom;
            _symbols = new SymbolValues<Origins>(scope, this, assignment => assignment.IsElement ? Origins.Unknown : Resolve(assignment.Value));
        }

        Origins IValueLattice<Origins>.Bottom => Origins.None;

        Origins IValueLattice<Origins>.Unknown => Origins.Unknown;

        Origins IValueLattice<Origins>.Join(Origins left, Origins right) => left.Union(right);

        public Origins Resolve(IOperation? value)
        {
            value = Operations.Unwrap(value);
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

            return FlowScope.TargetSymbol(value) is { } symbol ? _symbols.Of(symbol) : Origins.Unknown;
        }
    }
}
