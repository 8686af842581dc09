using System.Security.Cryptography;
using System.Text;
using MlGuard.Build.Tasks.Checks;

namespace MlGuard.Build.Tasks.Tests;

public sealed class ContentHasherTests
{
    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static byte[] CrlfToLf(byte[] bytes) => Encoding.Latin1.GetBytes(Encoding.Latin1.GetString(bytes).Replace("\r\n", "\n", StringComparison.Ordinal));

    private static byte[] LfToCrlf(byte[] bytes)
    {
        var result = new List<byte>(bytes.Length * 2);
        for (int i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == '\n' && (i == 0 || bytes[i - 1] != '\r'))
            {
                result.Add((byte)'\r');
            }

            result.Add(bytes[i]);
        }

        return result.ToArray();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3 * 1024 * 1024 + 17)]
    public void Line_ending_variants_are_exact_across_buffer_boundaries(int size)
    {
        // A mix of CRLF, bare LF, bare CR and CR CR LF, with CRs and LFs landing on the 1 MiB chunk boundaries.
        var random = new Random(42);
        byte[] content = new byte[size];
        byte[] alphabet = "ab,\r\n\r\n\n\r"u8.ToArray();
        for (int i = 0; i < size; i++)
        {
            content[i] = alphabet[random.Next(alphabet.Length)];
        }

        if (size > 1 << 20)
        {
            content[(1 << 20) - 1] = (byte)'\r';
            content[1 << 20] = (byte)'\n';
            content[(2 << 20) - 1] = (byte)'\r';
            content[2 << 20] = (byte)'\r';
        }

        string path = Path.Combine(Path.GetTempPath(), "mlguard-hasher-" + Guid.NewGuid().ToString("N"));
        try
        {
            File.WriteAllBytes(path, content);
            ContentHashes hashes = new ContentHasher().Compute(path, HashAlgorithmKind.Sha256);

            Assert.Equal(size, hashes.Length);
            Assert.Equal(Sha256(content), hashes.Raw);
            Assert.Equal(Sha256(CrlfToLf(content)), hashes.CrlfToLf);
            Assert.Equal(Sha256(LfToCrlf(content)), hashes.LfToCrlf);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
