using System;
using System.Globalization;
using System.IO;
using System.Text;
using MlGuard.Build.Tasks.Data;

namespace MlGuard.Build.Tasks.Profiles
{
    /// <summary>
    /// Content-addressed profiles under obj/mlguard/profiles/&lt;sha256&gt;.&lt;parse-config-hash&gt;.bin
    /// (manifest-design.md 9.3, layer 3). A stored profile is reused when it reads back cleanly; a corrupt or
    /// older one is recomputed. Profiles are written once per key: the same key always yields the same content.
    /// </summary>
    internal sealed class ProfileStore
    {
        private readonly string _directory;
        private readonly string _scratch;
        private readonly int _spillCapacity;

        public ProfileStore(string intermediateDirectory, int spillCapacity)
        {
            _directory = Path.Combine(intermediateDirectory, "profiles");
            _scratch = Path.Combine(intermediateDirectory, "tmp");
            _spillCapacity = spillCapacity;
        }

        public static string ConfigKey(ProfilePlan plan, string? fileSource, bool byName) =>
            XxHash64.Hash(Encoding.UTF8.GetBytes(plan.Key + "\u0001" + (fileSource ?? "\u0002") + "\u0001" + (byName ? "byName" : "schema"))).ToString("x16", CultureInfo.InvariantCulture);

        /// <summary>Returns the stored profile, or profiles the file and stores the result. <paramref name="reused"/> tells which.</summary>
        public FileProfile GetOrCompute(ProfilePlan plan, string path, string sha256, string? fileSource, bool byName, out bool reused)
        {
            string file = Path.Combine(_directory, sha256 + "." + ConfigKey(plan, fileSource, byName) + ".bin");
            if (File.Exists(file))
            {
                try
                {
                    FileProfile stored = ProfileSerializer.Read(file);
                    if (stored.FieldNames.Length == plan.Fields.Length)
                    {
                        reused = true;
                        return stored;
                    }
                }
                catch (Exception e) when (e is InvalidDataException || e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is OverflowException)
                {
                    // Damaged, truncated or from another format version: profile the file again.
                }
            }

            reused = false;
            Directory.CreateDirectory(_directory);
            var profiler = new FileProfiler(plan, _scratch, _spillCapacity);
            using ProfilingResult result = profiler.Profile(path, fileSource, byName);
            ProfileSerializer.Write(file, result.Profile, result.Collectors);
            return result.Profile;
        }
    }
}
