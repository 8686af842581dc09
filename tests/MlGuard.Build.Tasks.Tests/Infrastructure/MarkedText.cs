namespace MlGuard.Build.Tasks.Tests.Infrastructure;

/// <summary>
/// Test texts mark the expected diagnostic position with '‸' just before the offending character; the marker is
/// removed and its 1-based line and column (UTF-16 units, like the reader) are returned.
/// </summary>
internal static class MarkedText
{
    public const char Marker = '‸';

    public static (string Text, int Line, int Column) Parse(string marked)
    {
        int index = marked.IndexOf(Marker);
        Assert.True(index >= 0, "the test text has no '‸' marker");
        (int line, int column) = PositionOf(marked, index);
        return (marked.Remove(index, 1), line, column);
    }

    /// <summary>Line and column of the first occurrence of <paramref name="needle"/>.</summary>
    public static (int Line, int Column) PositionOf(string text, string needle)
    {
        int index = text.IndexOf(needle, StringComparison.Ordinal);
        Assert.True(index >= 0, $"'{needle}' not found in the text");
        return PositionOf(text, index);
    }

    private static (int Line, int Column) PositionOf(string text, int index)
    {
        int line = 1, lineStart = 0;
        for (int i = 0; i < index; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, index - lineStart + 1);
    }
}
