#if NETFRAMEWORK
global using ByteSpan = MlGuard.Build.Tasks.Compat.ByteSpan;
#else
global using ByteSpan = System.ReadOnlySpan<byte>;
#endif

#if NETFRAMEWORK
namespace MlGuard.Build.Tasks.Compat
{
    /// <summary>
    /// A read-only slice of a byte array for the net472 task. Spans live in System.Memory, which Visual Studio's
    /// MSBuild loads in versions the task must not depend on (engineering.md 8.5), so the net472 build uses this
    /// small struct with the members the task needs; the net8.0 build uses System.ReadOnlySpan&lt;byte&gt;.
    /// </summary>
    internal readonly struct ByteSpan
    {
        private readonly byte[] _array;
        private readonly int _start;

        public ByteSpan(byte[] array)
            : this(array, 0, array.Length)
        {
        }

        public ByteSpan(byte[] array, int start, int length)
        {
            if (start < 0 || length < 0 || start + length > array.Length)
            {
                throw new System.ArgumentOutOfRangeException(nameof(start));
            }

            _array = array;
            _start = start;
            Length = length;
        }

        public int Length { get; }

        public byte this[int index] => index >= 0 && index < Length ? _array[_start + index] : throw new System.IndexOutOfRangeException();

        public static implicit operator ByteSpan(byte[] array) => new ByteSpan(array ?? new byte[0]);

        public ByteSpan Slice(int start) => new ByteSpan(_array ?? new byte[0], _start + start, Length - start);

        public ByteSpan Slice(int start, int length) => start + length <= Length ? new ByteSpan(_array, _start + start, length) : throw new System.ArgumentOutOfRangeException(nameof(length));

        public byte[] ToArray()
        {
            var copy = new byte[Length];
            if (Length > 0)
            {
                System.Buffer.BlockCopy(_array, _start, copy, 0, Length);
            }

            return copy;
        }

        public bool SequenceEqual(ByteSpan other)
        {
            if (other.Length != Length)
            {
                return false;
            }

            for (int i = 0; i < Length; i++)
            {
                if (_array[_start + i] != other._array[other._start + i])
                {
                    return false;
                }
            }

            return true;
        }

        public int IndexOf(byte value)
        {
            int at = Length == 0 ? -1 : System.Array.IndexOf(_array, value, _start, Length);
            return at < 0 ? -1 : at - _start;
        }

        public Enumerator GetEnumerator() => new Enumerator(this);

        public struct Enumerator
        {
            private readonly ByteSpan _span;
            private int _index;

            public Enumerator(ByteSpan span)
            {
                _span = span;
                _index = -1;
            }

            public byte Current => _span[_index];

            public bool MoveNext() => ++_index < _span.Length;
        }
    }
}
#endif
