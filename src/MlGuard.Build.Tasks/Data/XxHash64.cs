using System;
#if !NETFRAMEWORK
using System.Buffers.Binary;
#endif

namespace MlGuard.Build.Tasks.Data
{
    /// <summary>
    /// XXH64 (xxHash specification, Yann Collet), one-shot over a span. In-house so that the net472 and net8.0
    /// builds of the task produce identical row fingerprints and profiles without a dependency.
    /// </summary>
    internal static class XxHash64
    {
        private const ulong Prime1 = 11400714785074694791UL;
        private const ulong Prime2 = 14029467366897019727UL;
        private const ulong Prime3 = 1609587929392839161UL;
        private const ulong Prime4 = 9650029242287828579UL;
        private const ulong Prime5 = 2870177450012600261UL;

        [System.Runtime.CompilerServices.MethodImpl(MlGuard.Build.Tasks.Compat.HotPath.Options)]
        public static ulong Hash(ByteSpan data, ulong seed = 0)
        {
            int length = data.Length;
            int p = 0;
            ulong h;
            if (length >= 32)
            {
                ulong v1 = seed + Prime1 + Prime2;
                ulong v2 = seed + Prime2;
                ulong v3 = seed;
                ulong v4 = seed - Prime1;
                int limit = length - 32;
                do
                {
                    v1 = Round(v1, Read64(data, p));
                    v2 = Round(v2, Read64(data, p + 8));
                    v3 = Round(v3, Read64(data, p + 16));
                    v4 = Round(v4, Read64(data, p + 24));
                    p += 32;
                }
                while (p <= limit);

                h = Rotl(v1, 1) + Rotl(v2, 7) + Rotl(v3, 12) + Rotl(v4, 18);
                h = MergeRound(h, v1);
                h = MergeRound(h, v2);
                h = MergeRound(h, v3);
                h = MergeRound(h, v4);
            }
            else
            {
                h = seed + Prime5;
            }

            h += (ulong)length;
            while (p + 8 <= length)
            {
                h ^= Round(0, Read64(data, p));
                h = (Rotl(h, 27) * Prime1) + Prime4;
                p += 8;
            }

            if (p + 4 <= length)
            {
                h ^= Read32(data, p) * Prime1;
                h = (Rotl(h, 23) * Prime2) + Prime3;
                p += 4;
            }

            while (p < length)
            {
                h ^= data[p] * Prime5;
                h = Rotl(h, 11) * Prime1;
                p++;
            }

            return Avalanche(h);
        }

        /// <summary>
        /// XXH64 of <paramref name="count"/> 64-bit words laid out little-endian: the same value as <see cref="Hash"/>
        /// over those bytes, without writing them out (row and key fingerprints hash tuples of cell hashes).
        /// </summary>
        [System.Runtime.CompilerServices.MethodImpl(MlGuard.Build.Tasks.Compat.HotPath.Options)]
        public static ulong HashWords(ulong[] words, int count, ulong seed = 0)
        {
            int w = 0;
            ulong h;
            if (count >= 4)
            {
                ulong v1 = seed + Prime1 + Prime2;
                ulong v2 = seed + Prime2;
                ulong v3 = seed;
                ulong v4 = seed - Prime1;
                int limit = count - 4;
                do
                {
                    v1 = Round(v1, words[w]);
                    v2 = Round(v2, words[w + 1]);
                    v3 = Round(v3, words[w + 2]);
                    v4 = Round(v4, words[w + 3]);
                    w += 4;
                }
                while (w <= limit);

                h = Rotl(v1, 1) + Rotl(v2, 7) + Rotl(v3, 12) + Rotl(v4, 18);
                h = MergeRound(h, v1);
                h = MergeRound(h, v2);
                h = MergeRound(h, v3);
                h = MergeRound(h, v4);
            }
            else
            {
                h = seed + Prime5;
            }

            h += (ulong)count * 8;
            for (; w < count; w++)
            {
                h ^= Round(0, words[w]);
                h = (Rotl(h, 27) * Prime1) + Prime4;
            }

            return Avalanche(h);
        }

        /// <summary><see cref="HashWords"/> of one word, compiled into the caller: a key of one field.</summary>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        public static ulong HashWord(ulong word)
        {
            ulong h = Prime5 + 8;
            h ^= Round(0, word);
            h = (Rotl(h, 27) * Prime1) + Prime4;
            return Avalanche(h);
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        private static ulong Avalanche(ulong h)
        {
            h ^= h >> 33;
            h *= Prime2;
            h ^= h >> 29;
            h *= Prime3;
            return h ^ (h >> 32);
        }

        private static ulong Round(ulong acc, ulong input)
        {
            acc += input * Prime2;
            acc = Rotl(acc, 31);
            return acc * Prime1;
        }

        private static ulong MergeRound(ulong acc, ulong value)
        {
            acc ^= Round(0, value);
            return (acc * Prime1) + Prime4;
        }

        private static ulong Rotl(ulong x, int r) => (x << r) | (x >> (64 - r));

        // Little-endian reads, whatever the platform.
#if NETFRAMEWORK
        private static ulong Read64(ByteSpan d, int i) =>
            d[i] | ((ulong)d[i + 1] << 8) | ((ulong)d[i + 2] << 16) | ((ulong)d[i + 3] << 24)
            | ((ulong)d[i + 4] << 32) | ((ulong)d[i + 5] << 40) | ((ulong)d[i + 6] << 48) | ((ulong)d[i + 7] << 56);

        private static ulong Read32(ByteSpan d, int i) =>
            d[i] | ((ulong)d[i + 1] << 8) | ((ulong)d[i + 2] << 16) | ((ulong)d[i + 3] << 24);
#else
        private static ulong Read64(ByteSpan d, int i) => BinaryPrimitives.ReadUInt64LittleEndian(d.Slice(i));

        private static ulong Read32(ByteSpan d, int i) => BinaryPrimitives.ReadUInt32LittleEndian(d.Slice(i));
#endif
    }
}
