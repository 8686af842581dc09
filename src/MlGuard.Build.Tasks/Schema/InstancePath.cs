using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace MlGuard.Build.Tasks.Schema
{
    /// <summary>
    /// Location of a value inside the validated document, kept as an immutable linked list so recursion costs one
    /// small allocation per step; rendered as an RFC 6901 JSON pointer only when an error needs it.
    /// </summary>
    internal sealed class InstancePath
    {
        public static readonly InstancePath Root = new InstancePath(null, null, -1, isKey: false);

        private readonly bool _isKey;

        private InstancePath(InstancePath? parent, string? propertyName, int index, bool isKey)
        {
            Parent = parent;
            PropertyName = propertyName;
            Index = index;
            _isKey = isKey;
        }

        public InstancePath? Parent { get; }

        /// <summary>Set when this step is an object property.</summary>
        public string? PropertyName { get; }

        /// <summary>Set (≥ 0) when this step is an array item.</summary>
        public int Index { get; }

        public InstancePath Property(string name) => new InstancePath(this, name, -1, isKey: false);

        public InstancePath Item(int index) => new InstancePath(this, null, index, isKey: false);

        /// <summary>The same location, but naming the property's key rather than its value (for "propertyNames").</summary>
        public InstancePath Key() => new InstancePath(Parent, PropertyName, Index, isKey: true);

        /// <summary>Human-readable name of the value: "property 'hash'", "item files[2]", "the manifest".</summary>
        public string Describe()
        {
            if (PropertyName is not null)
            {
                return _isKey ? $"the property name '{PropertyName}'" : $"property '{PropertyName}'";
            }

            if (Index >= 0)
            {
                string owner = Parent?.PropertyName ?? "array";
                return $"item {owner}[{Index.ToString(CultureInfo.InvariantCulture)}]";
            }

            return "the manifest";
        }

        public override string ToString()
        {
            var steps = new List<InstancePath>();
            for (InstancePath? p = this; p is not null && p.Parent is not null; p = p.Parent)
            {
                steps.Add(p);
            }

            if (steps.Count == 0)
            {
                return "/";
            }

            var pointer = new StringBuilder();
            for (int i = steps.Count - 1; i >= 0; i--)
            {
                pointer.Append('/');
                InstancePath step = steps[i];
                if (step.PropertyName is not null)
                {
                    pointer.Append(step.PropertyName.Replace("~", "~0").Replace("/", "~1"));
                }
                else
                {
                    pointer.Append(step.Index.ToString(CultureInfo.InvariantCulture));
                }
            }

            return pointer.ToString();
        }
    }
}
