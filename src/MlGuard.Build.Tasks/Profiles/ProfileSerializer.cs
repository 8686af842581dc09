using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using MlGuard.Build.Tasks.Data;

namespace MlGuard.Build.Tasks.Profiles
{
    /// <summary>
    /// Versioned binary format of a stored profile. Layout: magic, format version, offset and length and XXH64 of
    /// the summary; the fingerprint sets (sorted pairs, 16 bytes each); the summary. Deterministic (dictionaries
    /// in ordinal key order), so the net472 and net8.0 tasks write identical files. Anything unexpected when
    /// reading is an <see cref="InvalidDataException"/>: the caller recomputes the profile.
    /// </summary>
    internal static class ProfileSerializer
    {
        private const ulong Magic = 0x31464F5250474C4DUL; // "MLGPROF1"
        private const int HeaderSize = 8 + 4 + 8 + 8 + 8;

        /// <summary>Writes the profile with the given collectors' pairs to <paramref name="path"/> (via a temporary file and a rename).</summary>
        public static void Write(string path, FileProfile profile, IReadOnlyList<PairCollector> collectors)
        {
            string temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            try
            {
                using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16))
                {
                    stream.Write(new byte[HeaderSize], 0, HeaderSize);
                    profile.Fingerprints.Clear();
                    foreach (PairCollector collector in collectors)
                    {
                        long offset = stream.Position;
                        long count = collector.WriteSorted(stream);
                        profile.Fingerprints.Add(new FingerprintSet(collector.Name, count, offset, collector.Tally.Repeats, collector.Tally.ConflictRows));
                    }

                    long summaryOffset = stream.Position;
                    byte[] summary = Summary(profile);
                    stream.Write(summary, 0, summary.Length);
                    stream.Position = 0;
                    using (var header = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
                    {
                        header.Write(Magic);
                        header.Write(ProfilePlan.FormatVersion);
                        header.Write(summaryOffset);
                        header.Write((long)summary.Length);
                        header.Write(XxHash64.Hash(summary));
                    }
                }

                if (File.Exists(path))
                {
                    File.Delete(path);
                }

                File.Move(temp, path);
                profile.StoredAt = path;
            }
            finally
            {
                if (File.Exists(temp))
                {
                    File.Delete(temp);
                }
            }
        }

        public static FileProfile Read(string path)
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16);
            using var header = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
            if (stream.Length < HeaderSize || header.ReadUInt64() != Magic)
            {
                throw new InvalidDataException("not an MlGuard profile");
            }

            if (header.ReadInt32() != ProfilePlan.FormatVersion)
            {
                throw new InvalidDataException("profile format version differs");
            }

            long offset = header.ReadInt64(), length = header.ReadInt64();
            ulong checksum = header.ReadUInt64();
            if (offset < HeaderSize || length < 0 || length > int.MaxValue || offset + length != stream.Length)
            {
                throw new InvalidDataException("profile is truncated");
            }

            stream.Position = offset;
            byte[] summary = header.ReadBytes((int)length);
            if (summary.Length != length || XxHash64.Hash(summary) != checksum)
            {
                throw new InvalidDataException("profile checksum mismatch");
            }

            FileProfile profile = ParseSummary(summary);
            foreach (FingerprintSet set in profile.Fingerprints)
            {
                if (set.Offset < HeaderSize || set.Count < 0 || set.Offset + (set.Count * 16) > offset)
                {
                    throw new InvalidDataException("fingerprint set out of range");
                }
            }

            profile.StoredAt = path;
            return profile;
        }

        private static byte[] Summary(FileProfile p)
        {
            using var memory = new MemoryStream();
            using (var w = new BinaryWriter(memory, Encoding.UTF8, leaveOpen: true))
            {
                w.Write(p.FieldNames.Length);
                foreach (string name in p.FieldNames)
                {
                    w.Write(name);
                }

                w.Write(p.Rows);
                w.Write(p.Bytes);
                w.Write(p.LfCount);
                w.Write(p.CrLfCount);
                w.Write(p.BareCrCount);
                w.Write(p.FirstLfLine);
                w.Write(p.FirstCrLfLine);
                w.Write(p.FirstBareCrLine);
                w.Write(p.HadBom);
                w.Write(p.ValuesSkipped);
                w.Write(p.Partitions.Count);
                foreach (Partition part in p.Partitions)
                {
                    w.Write(part.Source);
                    w.Write(part.Rows);
                    foreach (FieldStats f in part.Fields)
                    {
                        WriteStats(w, f);
                    }
                }

                w.Write(p.Issues.Count);
                foreach (Issue issue in p.Issues)
                {
                    w.Write(issue.Field);
                    w.Write((int)issue.Kind);
                    w.Write(issue.Count);
                    w.Write(issue.Samples.Count);
                    foreach (IssueSample s in issue.Samples)
                    {
                        w.Write(s.Line);
                        w.Write(s.Value);
                    }
                }

                w.Write(p.Fingerprints.Count);
                foreach (FingerprintSet set in p.Fingerprints)
                {
                    w.Write(set.Name);
                    w.Write(set.Count);
                    w.Write(set.Offset);
                    w.Write(set.Repeats);
                    w.Write(set.ConflictRows);
                }
            }

            return memory.ToArray();
        }

        private static void WriteStats(BinaryWriter w, FieldStats f)
        {
            w.Write(f.Present);
            w.Write(f.Missing);
            w.Write(f.NumCount);
            w.Write(f.Min);
            w.Write(f.Max);
            w.Write(f.Mean);
            w.Write(f.M2);
            w.Write(f.MinTicks);
            w.Write(f.MaxTicks);
            w.Write(f.Capped);
            w.Write(f.OtherCount);
            w.Write(f.Buckets?.Count ?? -1);
            foreach (KeyValuePair<int, long> b in (f.Buckets ?? new Dictionary<int, long>()).OrderBy(b => b.Key))
            {
                w.Write(b.Key);
                w.Write(b.Value);
            }

            w.Write(f.Categories?.Count ?? -1);
            foreach (KeyValuePair<string, long> c in (f.Categories ?? new Dictionary<string, long>()).OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                w.Write(c.Key);
                w.Write(c.Value);
            }

            w.Write(f.Frequent?.Count ?? -1);
            foreach (KeyValuePair<string, long> c in (f.Frequent ?? new Dictionary<string, long>()).OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                w.Write(c.Key);
                w.Write(c.Value);
            }

            w.Write(f.FrequentError);
        }

        private static FileProfile ParseSummary(byte[] summary)
        {
            try
            {
                using var r = new BinaryReader(new MemoryStream(summary), Encoding.UTF8);
                int fieldCount = Count(r.ReadInt32(), 1_000_000);
                var names = new string[fieldCount];
                for (int i = 0; i < fieldCount; i++)
                {
                    names[i] = r.ReadString();
                }

                var p = new FileProfile(names)
                {
                    Rows = r.ReadInt64(),
                    Bytes = r.ReadInt64(),
                    LfCount = r.ReadInt64(),
                    CrLfCount = r.ReadInt64(),
                    BareCrCount = r.ReadInt64(),
                    FirstLfLine = r.ReadInt64(),
                    FirstCrLfLine = r.ReadInt64(),
                    FirstBareCrLine = r.ReadInt64(),
                    HadBom = r.ReadBoolean(),
                    ValuesSkipped = r.ReadBoolean(),
                };
                int partitions = Count(r.ReadInt32(), 1_000_000);
                for (int i = 0; i < partitions; i++)
                {
                    var part = new Partition(r.ReadString(), fieldCount) { Rows = r.ReadInt64() };
                    for (int f = 0; f < fieldCount; f++)
                    {
                        ReadStats(r, part.Fields[f]);
                    }

                    p.Partitions.Add(part);
                }

                int issues = Count(r.ReadInt32(), 10_000_000);
                for (int i = 0; i < issues; i++)
                {
                    var issue = new Issue(r.ReadInt32(), (IssueKind)r.ReadInt32()) { Count = r.ReadInt64() };
                    int samples = Count(r.ReadInt32(), Issue.MaxSamples);
                    for (int s = 0; s < samples; s++)
                    {
                        issue.Samples.Add(new IssueSample(r.ReadInt64(), r.ReadString()));
                    }

                    p.Issues.Add(issue);
                }

                int sets = Count(r.ReadInt32(), 100_000);
                for (int i = 0; i < sets; i++)
                {
                    p.Fingerprints.Add(new FingerprintSet(r.ReadString(), r.ReadInt64(), r.ReadInt64(), r.ReadInt64(), r.ReadInt64()));
                }

                if (r.BaseStream.Position != summary.Length)
                {
                    throw new InvalidDataException("unexpected data after the profile summary");
                }

                return p;
            }
            catch (EndOfStreamException e)
            {
                throw new InvalidDataException("profile summary ends early", e);
            }
        }

        private static void ReadStats(BinaryReader r, FieldStats f)
        {
            f.Present = r.ReadInt64();
            f.Missing = r.ReadInt64();
            f.NumCount = r.ReadInt64();
            f.Min = r.ReadDouble();
            f.Max = r.ReadDouble();
            f.Mean = r.ReadDouble();
            f.M2 = r.ReadDouble();
            f.MinTicks = r.ReadInt64();
            f.MaxTicks = r.ReadInt64();
            f.Capped = r.ReadBoolean();
            f.OtherCount = r.ReadInt64();
            int buckets = r.ReadInt32();
            if (buckets >= 0)
            {
                f.Buckets = new Dictionary<int, long>();
                for (int i = 0; i < Count(buckets, 10_000_000); i++)
                {
                    f.Buckets[r.ReadInt32()] = r.ReadInt64();
                }
            }

            int categories = r.ReadInt32();
            if (categories >= 0)
            {
                f.Categories = new Dictionary<string, long>(StringComparer.Ordinal);
                for (int i = 0; i < Count(categories, 10_000_000); i++)
                {
                    f.Categories[r.ReadString()] = r.ReadInt64();
                }
            }

            int frequent = r.ReadInt32();
            if (frequent >= 0)
            {
                f.Frequent = new Dictionary<string, long>(StringComparer.Ordinal);
                for (int i = 0; i < Count(frequent, FieldStats.FrequentCapacity); i++)
                {
                    f.Frequent[r.ReadString()] = r.ReadInt64();
                }
            }

            f.FrequentError = r.ReadInt64();
        }

        private static int Count(int value, int max) =>
            value < 0 || value > max ? throw new InvalidDataException("implausible count in profile") : value;
    }
}
