using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using MlGuard.Build.Tasks.Checks;
using MlGuard.Build.Tasks.Json;
using MlGuard.Build.Tasks.Profiles;

namespace MlGuard.Build.Tasks.Data
{
    /// <summary>A profile being built, with the fingerprint collectors that the store writes out.</summary>
    internal sealed class ProfilingResult : IDisposable
    {
        public ProfilingResult(FileProfile profile, List<PairCollector> collectors)
        {
            Profile = profile;
            Collectors = collectors;
        }

        public FileProfile Profile { get; }

        public List<PairCollector> Collectors { get; }

        public void Dispose()
        {
            foreach (PairCollector c in Collectors)
            {
                c.Dispose();
            }
        }
    }

    /// <summary>
    /// One streaming pass over a data file (manifest-design.md 9.3): structure (MLG6109), line terminators
    /// (MLG6103), typed values with ML.NET's parsing rules (MLG6201), constraints (MLG6202), labels and
    /// categories (MLG6203/6204), per-source partitions, and row / key fingerprints. Findings are counted with
    /// their first lines, so a stored profile can report them again without reading the file.
    /// </summary>
    /// <remarks>
    /// Records are profiled in batches, a field and a partition at a time: one type's loop runs over a run of cells
    /// with its statistics at hand, instead of every cell going through the dispatch for its field. The profile is
    /// the one file order gives (each partition sees its values in file order; findings keep their first lines).
    /// </remarks>
    internal sealed class FileProfiler
    {
        private const ulong MissingHash = 0x9E3779B97F4A7C15UL;
        private const ulong FailureSalt = 0xC2B2AE3D27D4EB4FUL;
        private const ulong TrueHash = 0x5555_0001UL, FalseHash = 0x5555_0000UL;
        private const int FlagOutside = 1, FlagUnknownLabel = 2, FlagPatternFails = 4, FlagChecked = 8;

        /// <summary>
        /// Bytes per read: small enough that a chunk, just copied and hashed, can still be in the core's cache when
        /// its records are parsed (a record that does not fit grows the buffer). Measured no slower than 1 MB; a gain
        /// is within the benchmark's noise (RESULTS.md, data-speed3).
        /// </summary>
        private const int ReadSize = 1 << 17;

        /// <summary>Records profiled together, a field at a time: their cells stay in the core's cache meanwhile.</summary>
        private const int DefaultBatchRows = 128;

        private readonly ProfilePlan _plan;
        private readonly string _scratchDirectory;
        private readonly int _spillCapacity;
        private readonly SlabPool _slabs;

        /// <param name="slabs">Fingerprint buffers shared with the other files' passes of the run.</param>
        public FileProfiler(ProfilePlan plan, string scratchDirectory, int spillCapacity, SlabPool? slabs = null)
        {
            _plan = plan;
            _scratchDirectory = scratchDirectory;
            _spillCapacity = spillCapacity;
            _slabs = slabs ?? new SlabPool();
        }

        /// <summary>Records per batch; 1 profiles in file order, the reference the tests compare batches with.</summary>
        internal int BatchRows { get; set; } = DefaultBatchRows;

        /// <summary>Whether fields may take their lean loops and rows their inlined partition lookup; off, the tests' reference.</summary>
        internal bool PlainLoops { get; set; } = true;

        /// <summary>Whether the reader may split plain records by the vectorised scan; off, as on .NET Framework (for tests).</summary>
        internal bool PlainScan { get; set; } = true;

        /// <param name="fileSource">The file's "source" (it wins over a role-source field), or null.</param>
        /// <param name="byName">Map columns by header name and tolerate absent fields (serving samples).</param>
        /// <param name="digester">Gets every byte of the file in order (its hash computed in the same read), or null.</param>
        public ProfilingResult Profile(string path, string? fileSource, bool byName, FileDigester? digester = null)
        {
            using Stream file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1, FileOptions.SequentialScan);
            long length = file.Length;
            DigestingStream? digesting = digester is null ? null : new DigestingStream(file, digester);
            Stream raw = digesting ?? file;
            Stream input = _plan.Dialect.Encoding == TextEncoding.Utf16Le || _plan.Dialect.Encoding == TextEncoding.Windows1252
                ? new TranscodingStream(raw, _plan.Dialect.Encoding)
                : raw;
            var reader = new CsvReader(input, _plan.Dialect, ReadSize);
#if NET
            if (!PlainScan)
            {
                reader.PlainScan = false;
            }
#endif

            var run = new Run(this, reader, fileSource, byName, length);
            try
            {
                run.Execute();
                digesting?.ReadToEnd(new byte[1 << 16]); // the pass may stop early (a record too long); the hash needs every byte
            }
            catch
            {
                run.DisposeCollectors();
                throw;
            }

            return new ProfilingResult(run.Profile, run.Collectors);
        }

        /// <summary>A partition with its exact value counters.</summary>
        private sealed class PartitionState
        {
            public PartitionState(Partition partition, FieldPlan[] fields)
            {
                Partition = partition;
                Counters = new ByteKeyCounter?[fields.Length];
                foreach (FieldPlan f in fields)
                {
                    if (f.CountValues)
                    {
                        Counters[f.Index] = new ByteKeyCounter(FieldStats.CategoryCap);
                    }
                }
            }

            public Partition Partition { get; }

            public ByteKeyCounter?[] Counters { get; }

            /// <summary>The partition's group in the batch being grouped, or -1.</summary>
            public int Group { get; set; } = -1;
        }

        /// <summary>State of one pass.</summary>
        private sealed class Run
        {
            private readonly FileProfiler _owner;
            private readonly ProfilePlan _plan;
            private readonly CsvReader _reader;
            private readonly string? _fileSource;
            private readonly bool _byName;
            private readonly Dictionary<string, PartitionState> _partitions = new Dictionary<string, PartitionState>(StringComparer.Ordinal);
            private readonly Dictionary<long, Issue> _issues = new Dictionary<long, Issue>();
            private ByteKeyCounter?[] _counters = Array.Empty<ByteKeyCounter?>();
            // The batch: plain records whose fields are still in the reader's buffer, profiled a field at a time.
            private readonly int _batchRows;
            private readonly long[] _lines;
            private readonly ulong[] _sourceHashes; // the source field's value per row, when _sourceCounted
            private readonly int[] _sourceEntries;
            private readonly ulong[] _hashes; // row r's cell hashes from r * fields
            private readonly double[] _values; // a number column's values, by position in _order (PlainNumberColumn)
            private readonly bool[] _plain; // whether _values holds the cell's value (a plain decimal)
            private int[] _starts = Array.Empty<int>(), _lengths = Array.Empty<int>(); // row r's fields from r * _expected
            private byte[] _bytes = Array.Empty<byte>();
            private int _batchCount;
            private readonly int[] _order; // the batch's rows grouped by partition, in file order within each
            private readonly PartitionState[] _groupStates;
            private readonly int[] _groupEnds;
            private readonly int[] _groupOf;
            private int _groups;
            private bool _direct; // the batch is the reader's current record, read through the reader (escapes resolved)
            private readonly DayCache[] _days;
            private readonly int[] _featureIndexes;
            private readonly int[] _uniqueIndexes;
            private readonly int _labelIndex;
            private readonly ulong[] _tuple;
            private readonly ByteKeyCounter _sourceValues = new ByteKeyCounter(100000);
            private readonly List<string> _partitionBySourceEntry = new List<string>();
            private readonly List<PartitionState> _stateBySourceEntry = new List<PartitionState>();
            private readonly List<int> _fieldEntryBySourceEntry = new List<int>(); // in its partition's counter; -2 = not yet
            private readonly List<bool> _knownSourceEntry = new List<bool>(); // the value names a declared source
            private int _sourceEntry = -1;
            private PartitionState? _fixedState;
            private ulong _sourceHash;
            private bool _sourceCounted; // the source field's values are counted (and hashed) to find each row's partition
            private readonly double[] _min, _max, _xmin, _xmax; // NaN: no bound (every comparison with NaN is false)
            private readonly bool[] _timeBounded; // the field has a date or datetime bound
            private readonly bool[] _classified; // values are counted, or checked against categories or label classes
            private bool[]? _patternTimedOut; // per field: its pattern timed out once in this file (see Matches)
            private readonly long?[] _minTicks, _maxTicks, _xminTicks, _xmaxTicks;
            private readonly PairCollector _rows;
            private readonly PairCollector? _group, _leak, _pk;
            private readonly PairCollector?[] _unique;
            private readonly byte[] _numberText = new byte[32];
            private readonly PairSortBuffer _sortBuffer = new PairSortBuffer();
            private int[] _columns = Array.Empty<int>();
            private int _expected;

            public Run(FileProfiler owner, CsvReader reader, string? fileSource, bool byName, long bytes)
            {
                _owner = owner;
                _plan = owner._plan;
                _reader = reader;
                _fileSource = fileSource;
                _byName = byName;
                FieldPlan[] fields = _plan.Fields;
                var names = new string[fields.Length];
                for (int i = 0; i < fields.Length; i++)
                {
                    names[i] = fields[i].Name;
                }

                Profile = new FileProfile(names) { Bytes = bytes };
                _batchRows = Math.Max(1, owner.BatchRows);
                _lines = new long[_batchRows];
                _sourceHashes = new ulong[_batchRows];
                _sourceEntries = new int[_batchRows];
                _order = new int[_batchRows];
                _groupStates = new PartitionState[_batchRows];
                _groupEnds = new int[_batchRows];
                _groupOf = new int[_batchRows];
                _hashes = new ulong[_batchRows * Math.Max(1, fields.Length)];
                _values = new double[_batchRows];
                _plain = new bool[_batchRows];
                _days = new DayCache[fields.Length];
                _tuple = new ulong[Math.Max(1, fields.Length)];
                _min = new double[fields.Length];
                _max = new double[fields.Length];
                _xmin = new double[fields.Length];
                _xmax = new double[fields.Length];
                _timeBounded = new bool[fields.Length];
                _classified = new bool[fields.Length];
                _minTicks = new long?[fields.Length];
                _maxTicks = new long?[fields.Length];
                _xminTicks = new long?[fields.Length];
                _xmaxTicks = new long?[fields.Length];
                _unique = new PairCollector?[fields.Length];
                foreach (FieldPlan f in fields)
                {
                    _min[f.Index] = NumberBound(f.Minimum);
                    _max[f.Index] = NumberBound(f.Maximum);
                    _xmin[f.Index] = NumberBound(f.ExclusiveMinimum);
                    _xmax[f.Index] = NumberBound(f.ExclusiveMaximum);
                    _minTicks[f.Index] = TimeBound(f, f.Minimum);
                    _maxTicks[f.Index] = TimeBound(f, f.Maximum);
                    _xminTicks[f.Index] = TimeBound(f, f.ExclusiveMinimum);
                    _xmaxTicks[f.Index] = TimeBound(f, f.ExclusiveMaximum);
                    _timeBounded[f.Index] = _minTicks[f.Index] is not null || _maxTicks[f.Index] is not null || _xminTicks[f.Index] is not null || _xmaxTicks[f.Index] is not null;
                    _classified[f.Index] = f.CountValues || f.Categories is not null || f.LabelClasses is not null;
                    if (f.Unique && f.Active && !byName)
                    {
                        _unique[f.Index] = Collect("unique:" + f.Name, distinct: false);
                    }
                }

                _featureIndexes = Array.ConvertAll(_plan.Features, f => f.Index);
                _labelIndex = _plan.Label?.Index ?? -1;
                var uniqueIndexes = new List<int>();
                for (int i = 0; i < _unique.Length; i++)
                {
                    if (_unique[i] is not null)
                    {
                        uniqueIndexes.Add(i);
                    }
                }

                _uniqueIndexes = uniqueIndexes.ToArray();
                _rows = Collect("rows", distinct: false);
                if (!byName)
                {
                    _group = _plan.GroupKey.Length > 0 ? Collect("group", distinct: true) : null;
                    _leak = _plan.LeakageKeys.Length > 0 ? Collect("leak", distinct: true) : null;
                    _pk = _plan.PrimaryKey.Length > 0 ? Collect("pk", distinct: false) : null;
                }
            }

            public FileProfile Profile { get; }

            public List<PairCollector> Collectors { get; } = new List<PairCollector>();

            public void DisposeCollectors()
            {
                foreach (PairCollector c in Collectors)
                {
                    c.Dispose();
                }
            }

            private PairCollector Collect(string name, bool distinct)
            {
                var collector = new PairCollector(name, _owner._scratchDirectory, distinct, _owner._spillCapacity, _sortBuffer, _owner._slabs);
                Collectors.Add(collector);
                return collector;
            }

            [System.Runtime.CompilerServices.MethodImpl(MlGuard.Build.Tasks.Compat.HotPath.Options)]
            public void Execute()
            {
                CsvReader reader = _reader;
                List<string>? header = null;
                if (_plan.Dialect.Header)
                {
                    if (reader.ReadRecord())
                    {
                        header = new List<string>(reader.FieldCount);
                        for (int i = 0; i < reader.FieldCount; i++)
                        {
                            header.Add(Encoding.UTF8.GetString(reader.Field(i).ToArray()));
                        }

                        if (reader.Error != RecordError.None)
                        {
                            AddIssue(-1, Kind(reader.Error), reader.ErrorLine, "in the header");
                        }
                    }
                    else
                    {
                        Profile.ValuesSkipped = true;
                    }
                }

                HeaderMatch match = HeaderMatcher.Match(_plan, header, _byName);
                _columns = match.Columns;
                _expected = match.ExpectedColumns;
                _sourceCounted = _fileSource is null && _plan.SourceField is not null && _columns[_plan.SourceField.Index] >= 0;
                _starts = new int[_batchRows * _expected];
                _lengths = new int[_batchRows * _expected];
                if (match.Problems.Count > 0 && !_byName)
                {
                    Profile.ValuesSkipped = true;
                }

                while (true)
                {
                    // Runs of plain records go into the batch straight from the reader; every other record one by one.
                    if (!Profile.ValuesSkipped)
                    {
                        int read = reader.ReadPlainRecords(_starts, _lengths, _lines, _batchCount, _expected, _batchRows - _batchCount);
                        if (read > 0)
                        {
                            Profile.Rows += read;
                            _batchCount += read;
                            if (_batchCount == _batchRows)
                            {
                                ProcessBatch();
                            }

                            continue;
                        }
                    }

                    // The batch's fields are offsets into the reader's buffer: it is profiled before the buffer moves.
                    if (!reader.ReadRecord(mayRefill: _batchCount == 0))
                    {
                        if (reader.NeedsRefill)
                        {
                            ProcessBatch();
                            continue;
                        }

                        break;
                    }

                    if (reader.Error == RecordError.RecordTooLong)
                    {
                        AddIssue(-1, IssueKind.RecordTooLong, reader.ErrorLine, string.Empty);
                        break;
                    }

                    Profile.Rows++;
                    if (reader.Error != RecordError.None)
                    {
                        AddIssue(-1, Kind(reader.Error), reader.ErrorLine, string.Empty);
                        continue;
                    }

                    if (reader.FieldCount != _expected)
                    {
                        AddIssue(-1, IssueKind.WrongFieldCount, reader.Line, $"{reader.FieldCount.ToString(CultureInfo.InvariantCulture)} fields instead of {_expected.ToString(CultureInfo.InvariantCulture)}");
                        continue;
                    }

                    if (!Profile.ValuesSkipped)
                    {
                        Enqueue(reader.Line);
                    }
                }

                ProcessBatch();

                Profile.HadBom = reader.HadBom;
                Profile.LfCount = reader.LfCount;
                Profile.CrLfCount = reader.CrLfCount;
                Profile.BareCrCount = reader.BareCrCount;
                Profile.FirstLfLine = reader.FirstLfLine;
                Profile.FirstCrLfLine = reader.FirstCrLfLine;
                Profile.FirstBareCrLine = reader.FirstBareCrLine;
                Finish();
            }

            [System.Runtime.CompilerServices.MethodImpl(MlGuard.Build.Tasks.Compat.HotPath.Options)]
            private void Enqueue(long line)
            {
                if (!_reader.FieldsInBuffer)
                {
                    // Resolved escapes live in the reader's scratch memory until the next record: profiled alone, now.
                    ProcessBatch();
                    _direct = true;
                    _lines[0] = line;
                    _batchCount = 1;
                    ProcessBatch();
                    return;
                }

                int row = _batchCount++;
                _lines[row] = line;
                _reader.CopyFields(_starts, _lengths, row * _expected);
                if (_batchCount == _batchRows)
                {
                    ProcessBatch();
                }
            }

            /// <summary>
            /// Profiles the batch a field at a time (each field's cells in row order, so every partition's statistics,
            /// counters and findings see its values in file order), then adds the rows' fingerprints in row order.
            /// </summary>
            [System.Runtime.CompilerServices.MethodImpl(MlGuard.Build.Tasks.Compat.HotPath.Options)]
            private void ProcessBatch()
            {
                int n = _batchCount;
                if (n == 0)
                {
                    return;
                }

                _bytes = _reader.Bytes;
                GroupByPartition(n);

                foreach (FieldPlan f in _plan.Fields)
                {
                    int column = _columns[f.Index];
                    if (column < 0 || !f.Active)
                    {
                        for (int r = 0; r < n; r++)
                        {
                            _hashes[(r * _plan.Fields.Length) + f.Index] = MissingHash;
                        }

                        continue;
                    }

                    int from = 0;
                    for (int g = 0; g < _groups; g++)
                    {
                        PartitionState state = _groupStates[g];
                        _counters = state.Counters;
                        int to = _groupEnds[g];
                        switch (f.Type)
                        {
                            case FieldType.Vector:
                                VectorColumn(f, column, state, from, to);
                                break;
                            case FieldType.Number when _direct || !_owner.PlainLoops || _classified[f.Index] || f.MissingTokens.Length > 0:
                            case FieldType.Integer:
                                Column<NumberCells>(f, column, state, from, to);
                                break;
                            case FieldType.Number:
                                PlainNumberColumn(f, column, state, from, to);
                                break;
                            case FieldType.Boolean when _direct || !_owner.PlainLoops || f.MissingTokens.Length > 0:
                                Column<BooleanCells>(f, column, state, from, to);
                                break;
                            case FieldType.Boolean:
                                PlainBooleanColumn(f, column, state, from, to);
                                break;
                            case FieldType.Date or FieldType.DateTime when !_direct && _owner.PlainLoops && f.Format is null && !_classified[f.Index] && f.MissingTokens.Length == 0:
                                PlainTimeColumn(f, column, state, from, to);
                                break;
                            case FieldType.Date:
                            case FieldType.DateTime:
                                Column<TimeCells>(f, column, state, from, to);
                                break;
                            case FieldType.String when !_direct && _owner.PlainLoops && f.MinLength is null && f.MaxLength is null && f.Pattern is null
                                && f.MissingTokens.Length == 0:
                                if (f.IsSourceField && _sourceCounted && ReferenceEquals(f, _plan.SourceField))
                                {
                                    PlainSourceColumn(f, column, state, from, to);
                                }
                                else
                                {
                                    PlainTextColumn(f, column, state, from, to);
                                }

                                break;
                            default:
                                Column<TextCells>(f, column, state, from, to);
                                break;
                        }

                        from = to;
                    }
                }

                AddFingerprints(n);

                _batchCount = 0;
                _direct = false;
            }

            /// <summary>The cell of batch row <paramref name="row"/> in file column <paramref name="column"/>.</summary>
            [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
            private ByteSpan CellAt(int row, int column)
            {
                if (_direct)
                {
                    return _reader.Field(column);
                }

                int at = (row * _expected) + column;
                return new ByteSpan(_bytes, _starts[at], _lengths[at]);
            }

            /// <summary>
            /// Finds the partition of each row of the batch (in file order: the source field's values are counted
            /// here), and sorts the rows by partition into <see cref="_order"/>, keeping file order within each (a
            /// counting sort over the few partitions that occur).
            /// </summary>
            [System.Runtime.CompilerServices.MethodImpl(MlGuard.Build.Tasks.Compat.HotPath.Options)]
            private void GroupByPartition(int n)
            {
                int[] groupOf = _groupOf, ends = _groupEnds;
                _groups = 0;

                // A row whose source value is known and names a declared source takes its partition here; any other
                // goes through PartitionOf.
                bool inline = _sourceCounted && !_direct && _owner.PlainLoops;
                ByteKeyCounter values = _sourceValues;
                int column = inline ? _columns[_plan.SourceField!.Index] : 0, expected = _expected;
                int[] starts = _starts, lengths = _lengths, sourceEntries = _sourceEntries;
                ulong[] sourceHashes = _sourceHashes;
                byte[] bytes = _bytes;
                List<bool> known = _knownSourceEntry;
                List<PartitionState> states = _stateBySourceEntry;
                for (int r = 0; r < n; r++)
                {
                    PartitionState state;
                    if (inline)
                    {
                        int at = (r * expected) + column;
                        var value = new ByteSpan(bytes, starts[at], lengths[at]);
                        int entry = values.IncrementInline(value, out bool isNew);
                        if (entry >= 0 && !isNew && known[entry])
                        {
                            sourceHashes[r] = values.HashOf(entry);
                            sourceEntries[r] = entry;
                            state = states[entry];
                        }
                        else
                        {
                            state = Resolve(r, value, entry, isNew);
                        }
                    }
                    else
                    {
                        state = PartitionOf(r);
                    }

                    state.Partition.Rows++;
                    int group = state.Group;
                    if (group < 0)
                    {
                        group = _groups++;
                        state.Group = group;
                        _groupStates[group] = state;
                        ends[group] = 0;
                    }

                    groupOf[r] = group;
                    ends[group]++;
                }

                for (int g = 1; g < _groups; g++)
                {
                    ends[g] += ends[g - 1];
                }

                for (int r = n - 1; r >= 0; r--)
                {
                    _order[--ends[groupOf[r]]] = r;
                }

                // Each ends[g] is now group g's start: turn them back into ends.
                for (int g = 0; g < _groups; g++)
                {
                    ends[g] = g + 1 < _groups ? ends[g + 1] : n;
                    _groupStates[g].Group = -1;
                }
            }

            /// <summary>
            /// One field's cells of the batch rows _order[from, to), all of partition <paramref name="state"/>, profiled
            /// by <typeparamref name="TCells"/> (a struct, so the JIT compiles one loop per type).
            /// </summary>
            [System.Runtime.CompilerServices.MethodImpl(MlGuard.Build.Tasks.Compat.HotPath.Options)]
            private void Column<TCells>(FieldPlan f, int column, PartitionState state, int from, int to)
                where TCells : struct, ICells
            {
                int i = f.Index, width = _plan.Fields.Length;
                bool source = _sourceCounted && ReferenceEquals(f, _plan.SourceField);
                ulong[] hashes = _hashes;
                int[] order = _order;
                FieldStats stats = state.Partition.Fields[i];
                for (int k = from; k < to; k++)
                {
                    int r = order[k];
                    if (source)
                    {
                        _sourceHash = _sourceHashes[r];
                        _sourceEntry = _sourceEntries[r];
                    }

                    long line = _lines[r];
                    ByteSpan v = CellAt(r, column);
                    ulong hash;
                    if (IsMissing(f, v))
                    {
                        hash = MissingCell(f, stats, line);
                    }
                    else
                    {
                        stats.Present++;
                        hash = default(TCells).Profile(this, f, v, stats, line);
                    }

                    hashes[(r * width) + i] = hash;
                }
            }

            /// <summary>
            /// A number field's cells when nothing is counted or classified. The run's cells are parsed first, then
            /// added in order: in short loops, the JIT keeps their values in registers, where one loop doing it all
            /// kept them on the stack. Gives exactly what <see cref="NumberCell"/> gives, in the same order.
            /// </summary>
            [System.Runtime.CompilerServices.MethodImpl(MlGuard.Build.Tasks.Compat.HotPath.Options)]
            private void PlainNumberColumn(FieldPlan f, int column, PartitionState state, int from, int to)
            {
                int[] order = _order, starts = _starts, lengths = _lengths;
                byte[] bytes = _bytes;
                double[] values = _values;
                bool[] plain = _plain;
                int expected = _expected;
                byte decimalChar = _plan.Dialect.DecimalChar;
                bool allPlain = true;
                for (int k = from; k < to; k++)
                {
                    int at = (order[k] * expected) + column;
                    int length = lengths[at];
                    bool parsed = length != 0 && ValueParser.TryPlainDecimalWord(bytes, starts[at], length, decimalChar, out values[k]);
                    plain[k] = parsed;
                    allPlain &= parsed;
                }

                if (allPlain)
                {
                    AddPlainNumbers(f, column, state, from, to);
                }
                else
                {
                    AddNumbers(f, column, state, from, to);
                }
            }

            /// <summary>
            /// Adds a run of parsed numbers: the moments and hashes in a loop without calls (which keeps the moments in
            /// registers), then the buckets, with the rare out-of-range cells reported afterwards.
            /// </summary>
            [System.Runtime.CompilerServices.MethodImpl(MlGuard.Build.Tasks.Compat.HotPath.Options)]
            private void AddPlainNumbers(FieldPlan f, int column, PartitionState state, int from, int to)
            {
                int i = f.Index, width = _plan.Fields.Length;
                FieldStats stats = state.Partition.Fields[i];
                double[] values = _values;
                int[] order = _order;
                ulong[] hashes = _hashes;
                long count = stats.NumCount;
                double min = stats.Min, max = stats.Max, mean = stats.Mean, m2 = stats.M2;
                double lo = _min[i], hi = _max[i], xlo = _xmin[i], xhi = _xmax[i];
                bool outside = false;
                for (int k = from; k < to; k++)
                {
                    // The hash fills the wait for the Welford division, which each number's moments depend on.
                    double value = values[k];
                    FieldStats.AddMoments(value, ref count, ref min, ref max, ref mean, ref m2);
                    outside |= (value < lo) | (value > hi) | (value <= xlo) | (value >= xhi); // a bound is NaN when absent: every comparison with it is false
                    hashes[(order[k] * width) + i] = NumberHash(value, FieldType.Number);
                }

                stats.Present += to - from;
                stats.NumCount = count;
                stats.Min = min;
                stats.Max = max;
                stats.Mean = mean;
                stats.M2 = m2;
                for (int k = from; k < to; k++)
                {
                    stats.CountBucket(FieldStats.BucketKey(values[k]));
                }

                if (outside)
                {
                    for (int k = from; k < to; k++)
                    {
                        CheckRange(f, values[k], _lines[order[k]], CellAt(order[k], column));
                    }
                }
            }

            /// <summary>Adds the cells <see cref="PlainNumberColumn"/> parsed, in order; the others through the general code.</summary>
            [System.Runtime.CompilerServices.MethodImpl(MlGuard.Build.Tasks.Compat.HotPath.Options)]
            private void AddNumbers(FieldPlan f, int column, PartitionState state, int from, int to)
            {
                int i = f.Index, width = _plan.Fields.Length;
                FieldStats stats = state.Partition.Fields[i];
                double lo = _min[i], hi = _max[i], xlo = _xmin[i], xhi = _xmax[i];
                int[] order = _order;
                double[] values = _values;
                bool[] plain = _plain;
                ulong[] hashes = _hashes;
                long present = stats.Present, count = stats.NumCount;
                double min = stats.Min, max = stats.Max, mean = stats.Mean, m2 = stats.M2;
                for (int k = from; k < to; k++)
                {
                    int r = order[k];
                    double value = values[k];
                    if (!plain[k])
                    {
                        ByteSpan v = CellAt(r, column);
                        if (IsMissing(f, v))
                        {
                            hashes[(r * width) + i] = MissingCell(f, stats, _lines[r]);
                            continue;
                        }

                        // Another spelling, or not a number: the general parser, as in NumberCell.
                        ParseOutcome outcome = ValueParser.ParseNumber(v, _plan.Dialect.DecimalChar, out value);
                        if (outcome != ParseOutcome.Ok)
                        {
                            present++;
                            hashes[(r * width) + i] = Failure(f, v, outcome, _lines[r]);
                            continue;
                        }
                    }

                    present++;
                    FieldStats.AddMoments(value, ref count, ref min, ref max, ref mean, ref m2);
                    stats.CountBucket(FieldStats.BucketKey(value));
                    if (value < lo || value > hi || value <= xlo || value >= xhi)
                    {
                        OutOfRange(f, value, _lines[r], CellAt(r, column)); // a bound is NaN when absent: every comparison with it is false
                    }

                    hashes[(r * width) + i] = NumberHash(value, FieldType.Number);
                }

                stats.Present = present;
                stats.NumCount = count;
                stats.Min = min;
                stats.Max = max;
                stats.Mean = mean;
                stats.M2 = m2;
            }

            /// <summary>
            /// A text field's cells when it has no length or pattern constraint, no missing-value spelling but the
            /// empty one, and is not the source field: <see cref="TextCell"/> with what it looks up per cell looked
            /// up once. A counted value that was classified already and flags nothing costs its counter lookup.
            /// </summary>
            [System.Runtime.CompilerServices.MethodImpl(MlGuard.Build.Tasks.Compat.HotPath.Options)]
            private void PlainTextColumn(FieldPlan f, int column, PartitionState state, int from, int to)
            {
                int i = f.Index, width = _plan.Fields.Length, expected = _expected;
                FieldStats stats = state.Partition.Fields[i];
                ByteKeyCounter? counter = _counters[i];
                bool classified = _classified[i];
                int[] order = _order, starts = _starts, lengths = _lengths;
                byte[] bytes = _bytes;
                ulong[] hashes = _hashes;
                long present = 0;
                for (int k = from; k < to; k++)
                {
                    int r = order[k], at = (r * expected) + column;
                    var v = new ByteSpan(bytes, starts[at], lengths[at]);
                    ulong hash;
                    if (IsMissing(f, v))
                    {
                        hash = MissingCell(f, stats, _lines[r]);
                    }
                    else
                    {
                        present++;
                        hash = CountText(counter, v, out int counted);
                        if (classified && !Settled(counter, counted))
                        {
                            CountAndClassify(f, v, v, counted, stats, _lines[r]);
                        }
                    }

                    hashes[(r * width) + i] = hash;
                }

                stats.Present += present;
            }

            /// <summary>
            /// <see cref="PlainTextColumn"/> for the source field, whose values were counted and hashed when each row's
            /// partition was found: the hash is the row's, and one source value always lands in the same entry of its
            /// partition's counter (<see cref="TextCell"/>'s source path).
            /// </summary>
            [System.Runtime.CompilerServices.MethodImpl(MlGuard.Build.Tasks.Compat.HotPath.Options)]
            private void PlainSourceColumn(FieldPlan f, int column, PartitionState state, int from, int to)
            {
                int i = f.Index, width = _plan.Fields.Length, expected = _expected;
                FieldStats stats = state.Partition.Fields[i];
                ByteKeyCounter? counter = _counters[i];
                bool classified = _classified[i];
                int[] order = _order, starts = _starts, lengths = _lengths, sourceEntries = _sourceEntries;
                ulong[] sourceHashes = _sourceHashes, hashes = _hashes;
                byte[] bytes = _bytes;
                long present = 0;
                for (int k = from; k < to; k++)
                {
                    int r = order[k], at = (r * expected) + column;
                    var v = new ByteSpan(bytes, starts[at], lengths[at]);
                    if (IsMissing(f, v))
                    {
                        hashes[(r * width) + i] = MissingCell(f, stats, _lines[r]);
                        continue;
                    }

                    present++;
                    int counted = CountSourceValue(counter, sourceEntries[r], v);
                    if (classified && !Settled(counter, counted))
                    {
                        CountAndClassify(f, v, v, counted, stats, _lines[r]);
                    }

                    hashes[(r * width) + i] = sourceHashes[r];
                }

                stats.Present += present;
            }

            /// <summary>
            /// A date or date-time field's cells in ISO 8601 when their values are not counted and no missing-value
            /// spelling but the empty one applies: <see cref="TimeCell"/> with the range of ticks kept in locals and
            /// what it looks up per cell looked up once.
            /// </summary>
            [System.Runtime.CompilerServices.MethodImpl(MlGuard.Build.Tasks.Compat.HotPath.Options)]
            private void PlainTimeColumn(FieldPlan f, int column, PartitionState state, int from, int to)
            {
                int i = f.Index, width = _plan.Fields.Length, expected = _expected;
                FieldStats stats = state.Partition.Fields[i];
                bool dateTime = f.Type == FieldType.DateTime, bounded = _timeBounded[i];
                ref DayCache days = ref _days[i];
                int[] order = _order, starts = _starts, lengths = _lengths;
                byte[] bytes = _bytes;
                ulong[] hashes = _hashes;
                long present = 0, minTicks = stats.MinTicks, maxTicks = stats.MaxTicks;
                for (int k = from; k < to; k++)
                {
                    int r = order[k], at = (r * expected) + column;
                    var v = new ByteSpan(bytes, starts[at], lengths[at]);
                    ulong hash;
                    if (IsMissing(f, v))
                    {
                        hash = MissingCell(f, stats, _lines[r]);
                    }
                    else
                    {
                        present++;
                        if (ValueParser.ParseDate(v, dateTime, null, ref days, out long ticks) != ParseOutcome.Ok)
                        {
                            hash = Failure(f, v, ParseOutcome.Invalid, _lines[r]);
                        }
                        else
                        {
                            minTicks = Math.Min(minTicks, ticks);
                            maxTicks = Math.Max(maxTicks, ticks);
                            if (bounded)
                            {
                                CheckTime(f, ticks, _lines[r], v);
                            }

                            hash = TimeHash(ticks);
                        }
                    }

                    hashes[(r * width) + i] = hash;
                }

                stats.Present += present;
                stats.MinTicks = minTicks;
                stats.MaxTicks = maxTicks;
            }

            /// <summary>
            /// A boolean field's cells: "true" and "false" as written are only counted (in locals, added to the value
            /// counter afterwards) once their counter entry is known and flags nothing; every other cell, and the
            /// first of each value, goes to the general code. Gives exactly what <see cref="BooleanCell"/> gives.
            /// </summary>
            [System.Runtime.CompilerServices.MethodImpl(MlGuard.Build.Tasks.Compat.HotPath.Options)]
            private void PlainBooleanColumn(FieldPlan f, int column, PartitionState state, int from, int to)
            {
                int i = f.Index, width = _plan.Fields.Length, expected = _expected;
                FieldStats stats = state.Partition.Fields[i];
                ByteKeyCounter? counter = _counters[i];
                bool classified = _classified[i];
                int[] order = _order, starts = _starts, lengths = _lengths;
                byte[] bytes = _bytes;
                ulong[] hashes = _hashes;
                int trueEntry = SettledBoolean(counter, true), falseEntry = SettledBoolean(counter, false);
                long present = 0, trues = 0, falses = 0;
                for (int k = from; k < to; k++)
                {
                    int r = order[k], at = (r * expected) + column;
                    ByteSpan v = new ByteSpan(bytes, starts[at], lengths[at]);
                    if (ValueParser.TryPlainBoolean(v, out bool value) && (!classified || (value ? trueEntry : falseEntry) >= 0))
                    {
                        present++;
                        trues += value ? 1 : 0;
                        falses += value ? 0 : 1;
                        hashes[(r * width) + i] = value ? TrueHash : FalseHash;
                        continue;
                    }

                    AddBooleans(stats, counter, trueEntry, falseEntry, present, trues, falses);
                    present = trues = falses = 0;
                    if (IsMissing(f, v))
                    {
                        hashes[(r * width) + i] = MissingCell(f, stats, _lines[r]);
                    }
                    else
                    {
                        stats.Present++;
                        hashes[(r * width) + i] = BooleanCell(f, v, stats, _lines[r]);
                        trueEntry = SettledBoolean(counter, true);
                        falseEntry = SettledBoolean(counter, false);
                    }
                }

                AddBooleans(stats, counter, trueEntry, falseEntry, present, trues, falses);
            }

            /// <summary>The counter entry of a boolean value when it is known and flags nothing, else -1.</summary>
            private static int SettledBoolean(ByteKeyCounter? counter, bool value)
            {
                int entry = counter?.BooleanEntry(value) ?? -1;
                return Settled(counter, entry) ? entry : -1;
            }

            private static void AddBooleans(FieldStats stats, ByteKeyCounter? counter, int trueEntry, int falseEntry, long present, long trues, long falses)
            {
                stats.Present += present;
                if (counter is not null)
                {
                    if (trues > 0)
                    {
                        counter.CountAgain(trueEntry, trues);
                    }

                    if (falses > 0)
                    {
                        counter.CountAgain(falseEntry, falses);
                    }
                }
            }

            [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
            private void OutOfRange(FieldPlan f, double value, long line, ByteSpan raw) => CheckRange(f, value, line, raw);

            private void VectorColumn(FieldPlan f, int column, PartitionState state, int from, int to)
            {
                int width = _plan.Fields.Length;
                for (int k = from; k < to; k++)
                {
                    int r = _order[k];
                    _hashes[(r * width) + f.Index] = Vector(f, r, column, state.Partition.Fields[f.Index], _lines[r]);
                }
            }

            private ulong MissingCell(FieldPlan f, FieldStats stats, long line)
            {
                stats.Missing++;
                if (f.Required || f.IsLabel)
                {
                    AddIssue(f.Index, IssueKind.Required, line, string.Empty);
                }

                return MissingHash;
            }

            /// <summary>
            /// Fingerprints of the batch's rows, in order: features tuple and label; keys. What they need is looked up
            /// once per batch, and a group key of one field is hashed in the loop.
            /// </summary>
            [System.Runtime.CompilerServices.MethodImpl(MlGuard.Build.Tasks.Compat.HotPath.Options)]
            private void AddFingerprints(int n)
            {
                ulong[] cellHash = _hashes, tuple = _tuple;
                int[] features = _featureIndexes;
                int width = _plan.Fields.Length, label = _labelIndex;
                PairCollector rows = _rows;
                PairCollector? group = _group;
                int groupField = group is not null && _plan.GroupKey.Length == 1 ? _plan.GroupKey[0] : -1;
                bool others = (group is not null && groupField < 0) || _leak is not null || _pk is not null || _uniqueIndexes.Length > 0;
                for (int r = 0, at = 0; r < n; r++, at += width)
                {
                    for (int k = 0; k < features.Length; k++)
                    {
                        tuple[k] = cellHash[at + features[k]];
                    }

                    rows.Add(XxHash64.HashWords(tuple, features.Length), label < 0 ? 0 : cellHash[at + label]);
                    if (groupField >= 0 && cellHash[at + groupField] != MissingHash)
                    {
                        group!.Add(XxHash64.HashWord(cellHash[at + groupField]), 0);
                    }

                    if (others)
                    {
                        AddOtherKeys(at, groupField < 0);
                    }
                }
            }

            /// <summary>The fingerprints of a row's keys and unique fields; the group key's too when <paramref name="withGroup"/>.</summary>
            private void AddOtherKeys(int at, bool withGroup)
            {
                if (withGroup)
                {
                    AddKey(_group, _plan.GroupKey, at);
                }

                AddKey(_leak, _plan.LeakageKeys, at);
                AddKey(_pk, _plan.PrimaryKey, at, skipMissing: false);
                foreach (int i in _uniqueIndexes)
                {
                    if (_hashes[at + i] != MissingHash)
                    {
                        _unique[i]!.Add(_hashes[at + i], 0);
                    }
                }
            }

            [System.Runtime.CompilerServices.MethodImpl(MlGuard.Build.Tasks.Compat.HotPath.Options)]
            private void AddKey(PairCollector? collector, int[] key, int at, bool skipMissing = true)
            {
                if (collector is null)
                {
                    return;
                }

                bool allMissing = true;
                int n = 0;
                foreach (int k in key)
                {
                    allMissing &= _hashes[at + k] == MissingHash;
                    _tuple[n++] = _hashes[at + k];
                }

                if (!(skipMissing && allMissing))
                {
                    collector.Add(n == 1 ? XxHash64.HashWord(_tuple[0]) : XxHash64.HashWords(_tuple, n), 0);
                }
            }

            [System.Runtime.CompilerServices.MethodImpl(MlGuard.Build.Tasks.Compat.HotPath.Options)]
            private PartitionState PartitionOf(int row)
            {
                FieldPlan? sourceField = _plan.SourceField;
                if (_sourceCounted)
                {
                    ByteSpan value = CellAt(row, _columns[sourceField!.Index]);
                    int entry = _sourceValues.Increment(value, out bool isNew);
                    return Resolve(row, value, entry, isNew);
                }

                return _fixedState ??= StateOf(_fileSource ?? string.Empty);
            }

            /// <summary>The partition of a row whose source value was counted as <paramref name="entry"/> of the source values.</summary>
            private PartitionState Resolve(int row, ByteSpan value, int entry, bool isNew)
            {
                FieldPlan sourceField = _plan.SourceField!;
                _sourceHashes[row] = entry >= 0 ? _sourceValues.HashOf(entry) : XxHash64.Hash(value);
                _sourceEntries[row] = entry;
                if (entry < 0)
                {
                    return StateOf(string.Empty);
                }

                if (isNew)
                {
                    // Resolved once per distinct value: the partition, and whether the value is an unknown source.
                    string text = _sourceValues.KeyText(entry);
                    string source = _plan.SourceByValue.TryGetValue(text, out string? id) ? id : "\u0000" + text;
                    bool known = source.Length == 0 || source[0] != '\u0000';
                    _partitionBySourceEntry.Add(source);
                    _knownSourceEntry.Add(known);
                    _stateBySourceEntry.Add(StateOf(known ? source : string.Empty));
                    _fieldEntryBySourceEntry.Add(-2);
                }

                string resolved = _partitionBySourceEntry[entry];
                if (!_knownSourceEntry[entry] && !IsMissing(sourceField, value) && _plan.SourceIds.Count > 0)
                {
                    AddIssue(sourceField.Index, IssueKind.UnknownSource, _lines[row], resolved.Substring(1));
                }

                return _stateBySourceEntry[entry];
            }

            private PartitionState StateOf(string source)
            {
                if (!_partitions.TryGetValue(source, out PartitionState? state))
                {
                    state = new PartitionState(new Partition(source, _plan.Fields.Length), _plan.Fields);
                    _partitions.Add(source, state);
                }

                return state;
            }

            [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
            private static bool IsMissing(FieldPlan f, ByteSpan v)
            {
                if (v.Length == 0)
                {
                    return f.EmptyIsMissing;
                }

                foreach (byte[] token in f.MissingTokens)
                {
                    if (v.SequenceEqual(token))
                    {
                        return true;
                    }
                }

                return false;
            }

            /// <summary>How one field type's present cells are profiled; returns the cell's canonical 64-bit hash for fingerprints.</summary>
            /// <remarks>
            /// One method per type rather than one for all: each is compiled into its type's column loop, with the
            /// parsers and statistics it calls, instead of being called per cell.
            /// </remarks>
            private interface ICells
            {
                ulong Profile(Run run, FieldPlan f, ByteSpan v, FieldStats stats, long line);
            }

            private struct NumberCells : ICells
            {
                [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
                public ulong Profile(Run run, FieldPlan f, ByteSpan v, FieldStats stats, long line) => run.NumberCell(f, v, stats, line);
            }

            private struct BooleanCells : ICells
            {
                [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
                public ulong Profile(Run run, FieldPlan f, ByteSpan v, FieldStats stats, long line) => run.BooleanCell(f, v, stats, line);
            }

            private struct TimeCells : ICells
            {
                [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
                public ulong Profile(Run run, FieldPlan f, ByteSpan v, FieldStats stats, long line) => run.TimeCell(f, v, stats, line);
            }

            private struct TextCells : ICells
            {
                [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
                public ulong Profile(Run run, FieldPlan f, ByteSpan v, FieldStats stats, long line) => run.TextCell(f, v, stats, line);
            }

            [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
            private ulong NumberCell(FieldPlan f, ByteSpan v, FieldStats stats, long line)
            {
                double value;
                if (f.Type == FieldType.Integer)
                {
                    ParseOutcome outcome = ValueParser.ParseInteger(v, out long integer);
                    if (outcome != ParseOutcome.Ok)
                    {
                        return Failure(f, v, outcome, line);
                    }

                    value = integer;
                }
                else if (!ValueParser.TryPlainDecimal(v, _plan.Dialect.DecimalChar, out value))
                {
                    // Signs, exponents, long mantissas and spellings: the general parser (which tries the plain form first again).
                    ParseOutcome outcome = ValueParser.ParseNumber(v, _plan.Dialect.DecimalChar, out value);
                    if (outcome != ParseOutcome.Ok)
                    {
                        return Failure(f, v, outcome, line);
                    }
                }

                stats.AddNumber(value);
                CheckRange(f, value, line, v);
                ulong hash = NumberHash(value, f.Type);
                if (_classified[f.Index])
                {
                    CountAndClassify(f, _counters[f.Index] is null ? v : NumberKey(value), v, -2, stats, line);
                }

                return hash;
            }

            [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
            private ulong BooleanCell(FieldPlan f, ByteSpan v, FieldStats stats, long line)
            {
                if (ValueParser.ParseBoolean(v, out bool b) != ParseOutcome.Ok)
                {
                    return Failure(f, v, ParseOutcome.Invalid, line);
                }

                if (_classified[f.Index])
                {
                    ByteSpan key = b ? TrueBytes : FalseBytes;
                    ByteKeyCounter? booleans = _counters[f.Index];
                    int counted = booleans?.IncrementBoolean(b, key) ?? -2;
                    if (!Settled(booleans, counted))
                    {
                        CountAndClassify(f, key, v, counted, stats, line);
                    }
                }

                return b ? TrueHash : FalseHash;
            }

            [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
            private ulong TimeCell(FieldPlan f, ByteSpan v, FieldStats stats, long line)
            {
                int i = f.Index;
                if (ValueParser.ParseDate(v, f.Type == FieldType.DateTime, f.Format, ref _days[i], out long ticks) != ParseOutcome.Ok)
                {
                    return Failure(f, v, ParseOutcome.Invalid, line);
                }

                if (ticks < stats.MinTicks)
                {
                    stats.MinTicks = ticks;
                }

                if (ticks > stats.MaxTicks)
                {
                    stats.MaxTicks = ticks;
                }

                if (_timeBounded[i])
                {
                    CheckTime(f, ticks, line, v);
                }

                if (_classified[i])
                {
                    CountAndClassify(f, v, v, -2, stats, line);
                }

                return TimeHash(ticks);
            }

            [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
            private ulong TextCell(FieldPlan f, ByteSpan v, FieldStats stats, long line)
            {
                int i = f.Index;
                ByteKeyCounter? counter = _counters[i];
                ulong hash;
                int counted; // the counter entry when the value was counted already (-1: over the cap; -2: not counted)

                // The source field's value was counted and hashed when the row's partition was found (the column loop
                // puts this row's in _sourceHash and _sourceEntry).
                if (f.IsSourceField && _sourceCounted && ReferenceEquals(f, _plan.SourceField))
                {
                    hash = _sourceHash;
                    counted = CountSourceValue(counter, _sourceEntry, v);
                }
                else
                {
                    hash = CountText(counter, v, out counted);
                }

                if (f.MinLength is long minLength || f.MaxLength is long)
                {
                    long length = CodePoints(v);
                    if (f.MinLength is long a && length < a)
                    {
                        AddIssue(i, IssueKind.MinLength, line, v);
                    }

                    if (f.MaxLength is long b && length > b)
                    {
                        AddIssue(i, IssueKind.MaxLength, line, v);
                    }
                }

                if (f.Pattern is not null && _counters[i] is null && !Matches(f, v, line))
                {
                    AddIssue(i, IssueKind.Pattern, line, v);
                }

                if (_classified[i] && !Settled(counter, counted))
                {
                    CountAndClassify(f, v, v, counted, stats, line);
                }

                return hash;
            }

            /// <summary>
            /// Counts a text value in its field's counter, if the field has one, and gives the value's hash: a counted
            /// value's hash is kept with its entry. <paramref name="counted"/> is the entry (-1: over the cap; -2: the
            /// field is not counted).
            /// </summary>
            [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
            private static ulong CountText(ByteKeyCounter? counter, ByteSpan v, out int counted)
            {
                if (counter is null)
                {
                    counted = -2;
                    return XxHash64.Hash(v);
                }

                counted = counter.Increment(v, out _);
                return counted >= 0 ? counter.HashOf(counted) : XxHash64.Hash(v);
            }

            /// <summary>
            /// Counts the source field's value, whose entry among the source values is <paramref name="sourceEntry"/>, in
            /// the field's counter; returns its entry there (-2 when not counted). One source value always lands in the
            /// same partition, so in the same entry of its counter: found once, then only counted again.
            /// </summary>
            [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
            private int CountSourceValue(ByteKeyCounter? counter, int sourceEntry, ByteSpan v)
            {
                if (sourceEntry < 0 || counter is null)
                {
                    return -2;
                }

                int counted = _fieldEntryBySourceEntry[sourceEntry];
                if (counted == -2)
                {
                    counted = counter.Increment(v, out _);
                    _fieldEntryBySourceEntry[sourceEntry] = counted;
                }
                else if (counted >= 0)
                {
                    counter.CountAgain(counted);
                }

                return counted;
            }

            /// <summary>
            /// True when a value counted already (<paramref name="counted"/>, its counter entry) needs nothing more: its
            /// flags were computed and flag nothing. Most cells of a categorical field end here, without the call.
            /// </summary>
            [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
            private static bool Settled(ByteKeyCounter? counter, int counted) =>
                counted >= 0 && counter is not null && counter.GetFlag(counted) == FlagChecked;

            /// <summary>
            /// Counts a value (<paramref name="key"/>, its canonical text) unless <paramref name="counted"/> is its entry
            /// already, and reports it when it is outside the categories or label classes, or fails the pattern.
            /// </summary>
            [System.Runtime.CompilerServices.MethodImpl(MlGuard.Build.Tasks.Compat.HotPath.Options)]
            private void CountAndClassify(FieldPlan f, ByteSpan key, ByteSpan v, int counted, FieldStats stats, long line)
            {
                int i = f.Index;
                ByteKeyCounter? counter = _counters[i];
                if (counter is not null)
                {
                    int entry = counted != -2 ? counted : counter.Increment(key, out _);
                    int flags;
                    if (entry < 0)
                    {
                        // Past the cap of exact counts: the value goes to the top-k summary.
                        string text = Encoding.UTF8.GetString(key.ToArray());
                        stats.Capped = true;
                        stats.OtherCount++;
                        stats.AddFrequent(text, 1);
                        flags = Classify(f, text, v, line);
                    }
                    else
                    {
                        flags = counter.GetFlag(entry);
                        if ((flags & FlagChecked) == 0)
                        {
                            flags = Classify(f, counter.KeyText(entry), v, line) | FlagChecked;
                            counter.SetFlag(entry, flags);
                        }
                    }

                    if ((flags & FlagUnknownLabel) != 0)
                    {
                        AddIssue(i, IssueKind.UnknownLabel, line, v);
                    }
                    else if ((flags & FlagOutside) != 0)
                    {
                        AddIssue(i, IssueKind.OutsideCategories, line, v);
                    }

                    if ((flags & FlagPatternFails) != 0)
                    {
                        AddIssue(i, IssueKind.Pattern, line, v);
                    }
                }
                else
                {
                    int flags = Classify(f, CanonicalText(f, key, v), v, line);
                    if ((flags & FlagUnknownLabel) != 0)
                    {
                        AddIssue(i, IssueKind.UnknownLabel, line, v);
                    }
                    else if ((flags & FlagOutside) != 0)
                    {
                        AddIssue(i, IssueKind.OutsideCategories, line, v);
                    }
                }
            }

            private static readonly byte[] TrueBytes = Encoding.ASCII.GetBytes("true");
            private static readonly byte[] FalseBytes = Encoding.ASCII.GetBytes("false");

            private static string CanonicalText(FieldPlan f, ByteSpan key, ByteSpan raw)
            {
                if (f.Type == FieldType.Date || f.Type == FieldType.DateTime)
                {
                    return Encoding.UTF8.GetString(raw.ToArray());
                }

                return Encoding.UTF8.GetString(key.ToArray());
            }

            /// <summary>Flags for a distinct value (first seen on <paramref name="line"/>): outside categories, unknown label class, pattern mismatch.</summary>
            private int Classify(FieldPlan f, string canonical, ByteSpan raw, long line)
            {
                int flags = 0;
                if (f.IsLabel && f.LabelClasses is not null)
                {
                    if (!f.LabelClasses.Contains(canonical))
                    {
                        flags |= FlagUnknownLabel;
                    }
                }
                else if (f.Categories is not null && !f.Categories.Contains(canonical))
                {
                    flags |= FlagOutside;
                }

                if (f.Pattern is not null && f.Type == FieldType.String && !Matches(f, raw, line))
                {
                    flags |= FlagPatternFails;
                }

                return flags;
            }

            /// <summary>
            /// Whether the value matches the field's pattern. A pattern that backtracks past the timeout on a value is
            /// reported once and not evaluated again in this file: a second per value could stall the build for hours.
            /// </summary>
            private bool Matches(FieldPlan f, ByteSpan v, long line)
            {
                if (_patternTimedOut?[f.Index] == true)
                {
                    return true;
                }

                try
                {
                    return f.Pattern!.IsMatch(Encoding.UTF8.GetString(v.ToArray()));
                }
                catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
                {
                    (_patternTimedOut ??= new bool[_plan.Fields.Length])[f.Index] = true;
                    AddIssue(f.Index, IssueKind.PatternTimeout, line, v);
                    return true;
                }
            }

            private ByteSpan NumberKey(double value)
            {
                if (value == Math.Floor(value) && Math.Abs(value) < 1e15)
                {
                    // ValueParser.CanonicalNumber's integral case, written as bytes without a string per cell.
                    long integer = (long)value;
                    int length = 0;
                    if (integer < 0)
                    {
                        _numberText[length++] = (byte)'-';
                        integer = -integer;
                    }

                    int digitsStart = length;
                    do
                    {
                        _numberText[length++] = (byte)('0' + (integer % 10));
                        integer /= 10;
                    }
                    while (integer != 0);

                    Array.Reverse(_numberText, digitsStart, length - digitsStart);
                    return new ByteSpan(_numberText, 0, length);
                }

                string text = ValueParser.CanonicalNumber(value);
                int n = Math.Min(text.Length, _numberText.Length);
                for (int k = 0; k < n; k++)
                {
                    _numberText[k] = (byte)text[k];
                }

                return new ByteSpan(_numberText, 0, n);
            }

            [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)] // rare: kept out of the per-cell code
            private ulong Failure(FieldPlan f, ByteSpan v, ParseOutcome outcome, long line)
            {
                if (f.IsLabel && f.LabelClasses is not null)
                {
                    AddIssue(f.Index, IssueKind.UnknownLabel, line, v);
                }
                else
                {
                    IssueKind kind = v.Length == 0 ? IssueKind.EmptyLoadsAsZero : outcome switch
                    {
                        ParseOutcome.NaNSpelling => IssueKind.NaNSpelling,
                        ParseOutcome.InfinitySpelling => IssueKind.InfinitySpelling,
                        ParseOutcome.Overflow => IssueKind.Overflow,
                        _ => IssueKind.ParseFailure,
                    };
                    AddIssue(f.Index, kind, line, v);
                }

                return XxHash64.Hash(v) ^ FailureSalt;
            }

            private ulong Vector(FieldPlan f, int row, int column, FieldStats stats, long line)
            {
                ulong hash = 0x7EC7UL;
                bool anyPresent = false;
                for (int k = 0; k < f.VectorSize; k++)
                {
                    ByteSpan v = CellAt(row, column + k);
                    if (IsMissing(f, v))
                    {
                        hash = Mix(hash ^ MissingHash);
                        continue;
                    }

                    anyPresent = true;
                    ParseOutcome outcome = f.VectorItem switch
                    {
                        FieldType.Integer => ValueParser.ParseInteger(v, out _),
                        FieldType.Boolean => ValueParser.ParseBoolean(v, out _),
                        _ => ValueParser.ParseNumber(v, _plan.Dialect.DecimalChar, out _),
                    };
                    if (outcome != ParseOutcome.Ok)
                    {
                        Failure(f, v, outcome, line);
                    }

                    hash = Mix(hash ^ XxHash64.Hash(v));
                }

                if (anyPresent)
                {
                    stats.Present++;
                }
                else
                {
                    stats.Missing++;
                }

                return hash;
            }

            [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
            private void CheckRange(FieldPlan f, double value, long line, ByteSpan raw)
            {
                int i = f.Index;
                if (value < _min[i])
                {
                    AddIssue(i, IssueKind.Minimum, line, raw);
                }

                if (value > _max[i])
                {
                    AddIssue(i, IssueKind.Maximum, line, raw);
                }

                if (value <= _xmin[i])
                {
                    AddIssue(i, IssueKind.ExclusiveMinimum, line, raw);
                }

                if (value >= _xmax[i])
                {
                    AddIssue(i, IssueKind.ExclusiveMaximum, line, raw);
                }
            }

            [System.Runtime.CompilerServices.MethodImpl(MlGuard.Build.Tasks.Compat.HotPath.Options)]
            private void CheckTime(FieldPlan f, long ticks, long line, ByteSpan raw)
            {
                int i = f.Index;
                if (_minTicks[i] is long min && ticks < min)
                {
                    AddIssue(i, IssueKind.Minimum, line, raw);
                }

                if (_maxTicks[i] is long max && ticks > max)
                {
                    AddIssue(i, IssueKind.Maximum, line, raw);
                }

                if (_xminTicks[i] is long xmin && ticks <= xmin)
                {
                    AddIssue(i, IssueKind.ExclusiveMinimum, line, raw);
                }

                if (_xmaxTicks[i] is long xmax && ticks >= xmax)
                {
                    AddIssue(i, IssueKind.ExclusiveMaximum, line, raw);
                }
            }

            private static double NumberBound(JsonNode? bound) => bound is JsonNumber n ? n.ToDouble() : double.NaN;

            private static long? TimeBound(FieldPlan f, JsonNode? bound)
            {
                if (!f.IsTime || bound is not JsonString s)
                {
                    return null;
                }

                byte[] bytes = Encoding.UTF8.GetBytes(s.Value);
                if (ValueParser.ParseDate(bytes, false, null, out long ticks) == ParseOutcome.Ok || ValueParser.ParseDate(bytes, true, null, out ticks) == ParseOutcome.Ok)
                {
                    return ticks;
                }

                return null;
            }

            [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)] // rare: kept out of the per-cell code
            private void AddIssue(int field, IssueKind kind, long line, ByteSpan value)
            {
                Issue issue = GetIssue(field, kind);
                if (issue.Keeps(line))
                {
                    issue.Add(line, Shorten(value));
                }
                else
                {
                    issue.Count++;
                }
            }

            [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)] // rare: kept out of the per-cell code
            private void AddIssue(int field, IssueKind kind, long line, string value)
            {
                GetIssue(field, kind).Add(line, value);
            }

            private Issue GetIssue(int field, IssueKind kind)
            {
                long key = ((long)field << 16) | (long)kind;
                if (!_issues.TryGetValue(key, out Issue? issue))
                {
                    issue = new Issue(field, kind);
                    _issues.Add(key, issue);
                }

                return issue;
            }

            /// <summary>At most 60 characters of a value, for messages.</summary>
            private static string Shorten(ByteSpan value)
            {
                ByteSpan head = value.Length > 240 ? value.Slice(0, 240) : value;
                string text = Encoding.UTF8.GetString(head.ToArray());
                var clean = new StringBuilder(Math.Min(text.Length, 64));
                foreach (char c in text)
                {
                    if (clean.Length >= 60)
                    {
                        clean.Append('…');
                        break;
                    }

                    clean.Append(char.IsControl(c) ? '\uFFFD' : c);
                }

                return clean.ToString();
            }

            private static long CodePoints(ByteSpan v)
            {
                long n = 0;
                foreach (byte b in v)
                {
                    if ((b & 0xC0) != 0x80)
                    {
                        n++;
                    }
                }

                return n;
            }

            private static IssueKind Kind(RecordError error) => error switch
            {
                RecordError.UnterminatedQuote => IssueKind.UnterminatedQuote,
                RecordError.QuotedLineBreak => IssueKind.QuotedLineBreak,
                RecordError.TextAfterQuote => IssueKind.TextAfterQuote,
                RecordError.NulByte => IssueKind.NulByte,
                RecordError.InvalidUtf8 => IssueKind.InvalidUtf8,
                _ => IssueKind.RecordTooLong,
            };

            [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
            private static ulong TimeHash(long ticks) => Mix((ulong)ticks ^ 0xDA7EUL);

            private static ulong NumberHash(double value, FieldType type) => Mix((ulong)BitConverter.DoubleToInt64Bits(value == 0 ? 0d : value) ^ (ulong)type);

            [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
            private static ulong Mix(ulong x)
            {
                x ^= x >> 33;
                x *= 0xFF51AFD7ED558CCDUL;
                x ^= x >> 33;
                x *= 0xC4CEB9FE1A85EC53UL;
                x ^= x >> 33;
                return x;
            }

            private void Finish()
            {
                foreach (PartitionState state in _partitions.Values)
                {
                    foreach (FieldStats stats in state.Partition.Fields)
                    {
                        _ = stats.Buckets; // moves the pass's bucket counts into the dictionary, on this thread
                    }

                    for (int i = 0; i < state.Counters.Length; i++)
                    {
                        if (state.Counters[i] is ByteKeyCounter counter)
                        {
                            state.Partition.Fields[i].Categories = counter.ToDictionary();
                        }
                    }

                    Profile.Partitions.Add(state.Partition);
                }

                Profile.Partitions.Sort((a, b) => string.CompareOrdinal(a.Source, b.Source));

                foreach (Issue issue in _issues.Values)
                {
                    Profile.Issues.Add(issue);
                }

                Profile.Issues.Sort((a, b) => a.Field != b.Field ? a.Field.CompareTo(b.Field) : a.Kind.CompareTo(b.Kind));
            }
        }
    }
}
