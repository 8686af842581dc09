using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis;
using MlGuard.MlNet;

namespace MlGuard.CallGraph
{
    /// <summary>
    /// The compilation's call graph at compilation end, with the nodes that reach ML inference.
    /// <para>
    /// Policy: a non-virtual call goes to its target when the target is declared in this compilation. A virtual
    /// or interface call is followed only when its target is declared in this compilation and exactly one
    /// implementation with a body exists here (a sealed type, a single override, a single implementing class);
    /// with several candidates the walk stops there (a known false negative). Delegate invocations are not
    /// followed; lambdas and method groups count for the member that creates them. Calls into other assemblies
    /// stop, except at sinks and members marked <c>[UsesMachineLearning]</c>. Field initializers of a type belong
    /// to its instance constructors.
    /// </para>
    /// Reachability is one reverse breadth-first search from all sinks: O(V + E), cycle-safe, no depth limit,
    /// and it yields the shortest path to a sink from every node.
    /// </summary>
    internal sealed class CallGraph
    {
        public const int MaxShownHops = 5;

        private readonly Dictionary<ISymbol, int> _ids = new Dictionary<ISymbol, int>(SymbolEqualityComparer.Default);
        private readonly Dictionary<string, int> _sinkIds = new Dictionary<string, int>(System.StringComparer.Ordinal);
        private readonly List<NodeInfo> _nodes = new List<NodeInfo>();
        private readonly List<Edge> _edges = new List<Edge>();
        private readonly List<List<int>> _outgoing = new List<List<int>>();
        private readonly List<List<int>> _incoming = new List<List<int>>();
        private int[]? _distance;
        private int[]? _next;

        public CallGraph(IEnumerable<RawEdge> rawEdges, IEnumerable<KeyValuePair<IMethodSymbol, IMethodSymbol>> implementations)
        {
            var candidates = new Dictionary<IMethodSymbol, HashSet<IMethodSymbol>>(SymbolEqualityComparer.Default);
            foreach (var pair in implementations)
            {
                if (!candidates.TryGetValue(pair.Key, out var set))
                {
                    candidates[pair.Key] = set = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
                }

                if (HasBody(pair.Value))
                {
                    set.Add(pair.Value);
                }
            }

            var seen = new HashSet<(int Caller, SyntaxNode Syntax, int Target)>();
            foreach (var raw in rawEdges)
            {
                int target;
                if (raw.Sink.IsSink)
                {
                    target = SinkNode(raw.Sink.Display);
                }
                else
                {
                    var resolved = Resolve(raw, candidates);
                    if (resolved is null)
                    {
                        continue;
                    }

                    target = Node(resolved);
                }

                // Node ids and the syntax node's identity: no symbol hashing per edge.
                var caller = Node(raw.Caller);
                if (!seen.Add((caller, raw.Syntax, target)))
                {
                    continue;
                }

                AddEdge(caller, target, raw.Syntax, raw.Sink, raw.Reportable);
            }

            // Field and property initializers run in every instance constructor of their type.
            var initializerOwners = new List<ISymbol>();
            foreach (var symbol in _ids.Keys)
            {
                if (symbol is IFieldSymbol { IsStatic: false } or IPropertySymbol { IsStatic: false })
                {
                    initializerOwners.Add(symbol);
                }
            }

            foreach (var owner in initializerOwners)
            {
                foreach (var constructor in owner.ContainingType.InstanceConstructors)
                {
                    var syntax = owner.DeclaringSyntaxReferences.Length > 0 ? owner.DeclaringSyntaxReferences[0].GetSyntax() : null;
                    if (syntax is not null)
                    {
                        AddEdge(Node(constructor), Node(owner), syntax, default, reportable: false);
                    }
                }
            }
        }

        public int NodeCount => _nodes.Count;

        public int EdgeCount => _edges.Count;

        public IReadOnlyList<Edge> Edges => _edges;

        /// <summary>Every node that stands for a member of the compilation (not a sink).</summary>
        public IEnumerable<(ISymbol Symbol, int Id)> Members
        {
            get
            {
                for (var i = 0; i < _nodes.Count; i++)
                {
                    if (_nodes[i].Symbol is { } symbol)
                    {
                        yield return (symbol, i);
                    }
                }
            }
        }

        public IReadOnlyList<int> Outgoing(int node) => _outgoing[node];

        public bool IsSinkNode(int node) => _nodes[node].Symbol is null;

        public int? IdOf(ISymbol symbol) => _ids.TryGetValue(symbol, out var id) ? id : (int?)null;

        /// <summary>Reverse BFS from all sinks; afterwards <see cref="ReachesSink"/> and <see cref="PathFrom"/> answer.</summary>
        public void ComputeReachability()
        {
            var distance = new int[_nodes.Count];
            var next = new int[_nodes.Count];
            var queue = new Queue<int>();
            for (var i = 0; i < _nodes.Count; i++)
            {
                distance[i] = -1;
                next[i] = -1;
                if (_nodes[i].Symbol is null)
                {
                    distance[i] = 0;
                    queue.Enqueue(i);
                }
            }

            Bfs(queue, distance, next);
            _distance = distance;
            _next = next;
        }

        /// <summary>Nodes from which one of <paramref name="seeds"/> is reachable (the seeds included).</summary>
        public bool[] CanReach(IEnumerable<int> seeds)
        {
            var distance = new int[_nodes.Count];
            var next = new int[_nodes.Count];
            var queue = new Queue<int>();
            for (var i = 0; i < distance.Length; i++)
            {
                distance[i] = -1;
            }

            foreach (var seed in seeds)
            {
                if (distance[seed] < 0)
                {
                    distance[seed] = 0;
                    queue.Enqueue(seed);
                }
            }

            Bfs(queue, distance, next);
            var result = new bool[distance.Length];
            for (var i = 0; i < distance.Length; i++)
            {
                result[i] = distance[i] >= 0;
            }

            return result;
        }

        /// <summary>Nodes reachable from <paramref name="roots"/> by following calls forward (the roots included).</summary>
        public bool[] ReachableFrom(IEnumerable<int> roots)
        {
            var visited = new bool[_nodes.Count];
            var queue = new Queue<int>();
            foreach (var root in roots)
            {
                if (!visited[root])
                {
                    visited[root] = true;
                    queue.Enqueue(root);
                }
            }

            while (queue.Count > 0)
            {
                var node = queue.Dequeue();
                foreach (var edgeIndex in _outgoing[node])
                {
                    var target = _edges[edgeIndex].To;
                    if (!visited[target])
                    {
                        visited[target] = true;
                        queue.Enqueue(target);
                    }
                }
            }

            return visited;
        }

        public bool ReachesSink(int node) => _distance is not null && _distance[node] >= 0;

        /// <summary>The shortest path from <paramref name="start"/> to a sink: "A.M → B.N → PredictionEngine.Predict".</summary>
        public string PathFrom(int start) => Render(PathNames(start));

        /// <summary>A path that starts with <paramref name="first"/> and continues along the shortest path from <paramref name="node"/>.</summary>
        public string PathThrough(ISymbol first, int node) => Render(Prepend(InferenceSymbols.Display(first), PathNames(node)));

        private List<string> PathNames(int start)
        {
            var names = new List<string>();
            for (var node = start; node >= 0 && names.Count <= _nodes.Count; node = _next![node] >= 0 ? _edges[_next[node]].To : -1)
            {
                names.Add(_nodes[node].Display);
                if (_nodes[node].Symbol is null)
                {
                    break;
                }
            }

            return names;
        }

        private static List<string> Prepend(string first, List<string> rest)
        {
            rest.Insert(0, first);
            return rest;
        }

        private static string Render(List<string> names)
        {
            // At most MaxShownHops calls are shown; the rest becomes "…" before the sink.
            if (names.Count > MaxShownHops + 1)
            {
                var shortened = names.GetRange(0, MaxShownHops);
                shortened.Add("…");
                shortened.Add(names[names.Count - 1]);
                names = shortened;
            }

            var builder = new StringBuilder();
            for (var i = 0; i < names.Count; i++)
            {
                if (i > 0)
                {
                    builder.Append(" → ");
                }

                builder.Append(names[i]);
            }

            return builder.ToString();
        }

        private void Bfs(Queue<int> queue, int[] distance, int[] next)
        {
            while (queue.Count > 0)
            {
                var node = queue.Dequeue();
                foreach (var edgeIndex in _incoming[node])
                {
                    var caller = _edges[edgeIndex].From;
                    if (distance[caller] < 0)
                    {
                        distance[caller] = distance[node] + 1;
                        next[caller] = edgeIndex;
                        queue.Enqueue(caller);
                    }
                }
            }
        }

        // The collector keeps edges into other assemblies only when they are sinks: every target here is declared in the compilation.
        private static IMethodSymbol? Resolve(RawEdge raw, Dictionary<IMethodSymbol, HashSet<IMethodSymbol>> candidates)
        {
            var target = raw.Target;
            var dispatches = raw.IsVirtual
                && (target.IsVirtual || target.IsAbstract || target.IsOverride || target.ContainingType.TypeKind == TypeKind.Interface)
                && !target.IsSealed
                && !target.ContainingType.IsSealed;
            if (!dispatches)
            {
                return HasBody(target) ? target : null;
            }

            candidates.TryGetValue(target, out var implementations);
            var count = implementations?.Count ?? 0;
            var self = HasBody(target) && !(implementations?.Contains(target) ?? false) ? 1 : 0;
            if (count + self != 1)
            {
                return null; // Several (or no) possible targets: the walk stops here.
            }

            if (self == 1)
            {
                return target;
            }

            foreach (var implementation in implementations!)
            {
                return implementation;
            }

            return null;
        }

        private static bool HasBody(IMethodSymbol method) =>
            !method.IsAbstract && !method.IsExtern && (method.DeclaringSyntaxReferences.Length > 0 || method.IsImplicitlyDeclared);

        private int Node(ISymbol symbol)
        {
            if (!_ids.TryGetValue(symbol, out var id))
            {
                id = _nodes.Count;
                _ids[symbol] = id;
                _nodes.Add(new NodeInfo(symbol, null));
                _outgoing.Add(new List<int>());
                _incoming.Add(new List<int>());
            }

            return id;
        }

        private int SinkNode(string display)
        {
            if (!_sinkIds.TryGetValue(display, out var id))
            {
                id = _nodes.Count;
                _sinkIds[display] = id;
                _nodes.Add(new NodeInfo(null, display));
                _outgoing.Add(new List<int>());
                _incoming.Add(new List<int>());
            }

            return id;
        }

        private void AddEdge(int from, int to, SyntaxNode syntax, SinkInfo sink, bool reportable)
        {
            var index = _edges.Count;
            _edges.Add(new Edge(from, to, syntax, sink, reportable));
            _outgoing[from].Add(index);
            _incoming[to].Add(index);
        }

        private readonly struct NodeInfo
        {
            private readonly string? _sinkDisplay;

            public NodeInfo(ISymbol? symbol, string? sinkDisplay)
            {
                Symbol = symbol;
                _sinkDisplay = sinkDisplay;
            }

            /// <summary>Null for sink nodes.</summary>
            public ISymbol? Symbol { get; }

            /// <summary>The name shown in paths; a member's is built only when a path is shown (most nodes never are).</summary>
            public string Display => _sinkDisplay ?? InferenceSymbols.Display(Symbol!);
        }

        public ISymbol? SymbolOf(int node) => _nodes[node].Symbol;
    }

    /// <summary>A resolved call edge; <see cref="Syntax"/> is the call site in the caller.</summary>
    internal readonly struct Edge
    {
        public Edge(int from, int to, SyntaxNode syntax, SinkInfo sink, bool reportable)
        {
            From = from;
            To = to;
            Syntax = syntax;
            Sink = sink;
            Reportable = reportable;
        }

        public int From { get; }

        public int To { get; }

        public SyntaxNode Syntax { get; }

        public SinkInfo Sink { get; }

        /// <summary>False for synthetic edges (constructor → field initializer), which have no call site.</summary>
        public bool Reportable { get; }
    }
}
