using System;
using System.Globalization;
using System.IO;
using System.Text;
using MlGuard.Build.Tasks.Checks;
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
        private readonly SlabPool _slabs = new SlabPool();

        public ProfileStore(string intermediateDirectory, int spillCapacity)
        {
            _directory = Path.Combine(intermediateDirectory, "profiles");
            _scratch = Path.Combine(intermediateDirectory, "tmp");
            _spillCapacity = spillCapacity;
        }

        public static string ConfigKey(ProfilePlan plan, string? fileSource, bool byName) =>
            XxHash64.Hash(Encoding.UTF8.GetBytes(plan.Key + "\u0001" + (fileSource ?? "\u0002") + "\u0001" + (byName ? "byName" : "schema"))).ToString("x16", CultureInfo.InvariantCulture);

        /// <summary>Whether a profile is stored for this content and configuration (it may still turn out damaged).</summary>
        public bool Has(ProfilePlan plan, string sha256, string? fileSource, bool byName) => File.Exists(PathOf(plan, sha256, fileSource, byName));

        /// <summary>Returns the stored profile, or profiles the file and stores the result. <paramref name="reused"/> tells which.</summary>
        public FileProfile GetOrCompute(ProfilePlan plan, string path, string sha256, string? fileSource, bool byName, out bool reused)
        {
            string file = PathOf(plan, sha256, fileSource, byName);
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
            return Compute(plan, path, fileSource, byName, null, () => file);
        }

        /// <summary>
        /// Profiles the file and hashes it in the same read (for a file with no stored profile to look for: its
        /// hash is not known before), then stores the profile under that hash. <paramref name="digester"/> has
        /// every byte of the file afterwards.
        /// </summary>
        public FileProfile ComputeWhileDigesting(ProfilePlan plan, string path, string? fileSource, bool byName, FileDigester digester, out FileDigest digest)
        {
            FileDigest? computed = null;
            FileProfile profile = Compute(plan, path, fileSource, byName, digester, () =>
            {
                computed = digester.Finish();
                return PathOf(plan, computed.Sha256, fileSource, byName);
            });
            digest = computed!;
            return profile;
        }

        private FileProfile Compute(ProfilePlan plan, string path, string? fileSource, bool byName, FileDigester? digester, Func<string> file)
        {
            Directory.CreateDirectory(_directory);
            var profiler = new FileProfiler(plan, _scratch, _spillCapacity, _slabs);
            using ProfilingResult result = profiler.Profile(path, fileSource, byName, digester);
            ProfileSerializer.Write(file(), result.Profile, result.Collectors);
            return result.Profile;
        }

        private string PathOf(ProfilePlan plan, string sha256, string? fileSource, bool byName) =>
            Path.Combine(_directory, sha256 + "." + ConfigKey(plan, fileSource, byName) + ".bin");
    }
}
