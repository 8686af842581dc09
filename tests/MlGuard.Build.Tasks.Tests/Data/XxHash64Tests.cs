using System.Text;
using MlGuard.Build.Tasks.Data;

namespace MlGuard.Build.Tasks.Tests.Data;

public sealed class XxHash64Tests
{
    /// <summary>The sanity buffer of xxHash's reference self-test: byteGen starts at PRIME32_1 and is squared (32-bit) per byte.</summary>
    private static byte[] SanityBuffer(int length)
    {
        var buffer = new byte[length];
        uint byteGen = 2654435761U;
        for (int i = 0; i < length; i++)
        {
            buffer[i] = (byte)(byteGen >> 24);
            byteGen *= byteGen;
        }

        return buffer;
    }

    [Theory]
    [InlineData(0, 0UL, 0xEF46DB3751D8E999UL)]
    [InlineData(0, 2654435761UL, 0xAC75FDA2929B17EFUL)]
    [InlineData(1, 0UL, 0x4FCE394CC88952D8UL)]
    [InlineData(1, 2654435761UL, 0x739840CB819FA723UL)]
    [InlineData(14, 0UL, 0xCFFA8DB881BC3A3DUL)]
    [InlineData(14, 2654435761UL, 0x5B9611585EFCC9CBUL)]
    [InlineData(101, 0UL, 0x0EAB543384F878ADUL)]
    [InlineData(101, 2654435761UL, 0xCAA65939306F1E21UL)]
    public void Matches_the_reference_sanity_vectors(int length, ulong seed, ulong expected) =>
        Assert.Equal(expected, XxHash64.Hash(SanityBuffer(length), seed));

    [Theory]
    [InlineData("a", 0xD24EC4F1A98C6E5BUL)]
    [InlineData("abc", 0x44BC2CF5AD770999UL)]
    [InlineData("Nobody inspects the spammish repetition", 0xFBCEA83C8A378BF1UL)]
    public void Matches_published_string_vectors(string text, ulong expected) =>
        Assert.Equal(expected, XxHash64.Hash(Encoding.ASCII.GetBytes(text)));
}
