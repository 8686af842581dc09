namespace MlGuard.Build.Tasks.Profiles
{
    /// <summary>
    /// Set of the pairs a distinct <see cref="PairCollector"/> has seen, in front of its buckets: a group or leakage
    /// key repeats a few hundred thousand values over millions of rows, and each repeat found here is one pair less
    /// to distribute, sort and deduplicate. Open addressing on the pairs' own bits (they are uniform hashes). The
    /// table grows up to <see cref="MaxSlots"/>; a key with more distinct values than that fills it, and the filter
    /// then stops (<see cref="Full"/>): its memory goes and the collector deduplicates as before. Only an
    /// optimisation: the collector's output is the same with or without it.
    /// </summary>
    internal sealed class DistinctPairFilter
    {
        /// <summary>2^18 slots of 16 bytes (4 MB) hold up to 2^17 distinct pairs.</summary>
        private const int MaxSlots = 1 << 18;

        // (0, 0) marks an empty slot; that pair itself is never filtered (it is passed on every time).
        private FingerprintPair[] _slots = new FingerprintPair[1 << 10];
        private int _count;

        /// <summary>The table reached its limit: every pair is new from now on.</summary>
        public bool Full { get; private set; }

        /// <summary>True if the pair is new (the collector must keep it); false if it was seen before.</summary>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        public bool Add(ulong a, ulong b)
        {
            if ((a | b) == 0)
            {
                return true;
            }

            FingerprintPair[] slots = _slots;
            int mask = slots.Length - 1;
            int slot = Slot(a, b, mask);
            while (true)
            {
                ref FingerprintPair s = ref slots[slot];
                if (s.A == a && s.B == b)
                {
                    return false;
                }

                if ((s.A | s.B) == 0)
                {
                    if (Full)
                    {
                        return true;
                    }

                    s.A = a;
                    s.B = b;
                    if (++_count * 2 > slots.Length)
                    {
                        Grow();
                    }

                    return true;
                }

                slot = (slot + 1) & mask;
            }
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        private static int Slot(ulong a, ulong b, int mask) => (int)((a ^ (b * 0x9E3779B97F4A7C15UL)) >> 20) & mask;

        private void Grow()
        {
            if (_slots.Length >= MaxSlots)
            {
                // One empty slot: every lookup ends at it and finds the pair new, with no test on the way in.
                Full = true;
                _slots = new FingerprintPair[1];
                return;
            }

            FingerprintPair[] old = _slots;
            var slots = new FingerprintPair[old.Length * 2];
            int mask = slots.Length - 1;
            foreach (FingerprintPair p in old)
            {
                if ((p.A | p.B) != 0)
                {
                    int slot = Slot(p.A, p.B, mask);
                    while ((slots[slot].A | slots[slot].B) != 0)
                    {
                        slot = (slot + 1) & mask;
                    }

                    slots[slot] = p;
                }
            }

            _slots = slots;
        }
    }
}
