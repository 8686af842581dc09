using System.Linq;
using System.Threading.Tasks;
using MlGuard.Flow;
using Xunit;

namespace MlGuard.Analyzers.Tests.Flow
{
    /// <summary>The per-key fact list: concurrent appends lose nothing; a copy grows on its own.</summary>
    public class FactListTests
    {
        [Fact]
        public void ConcurrentAddsAreAllKept()
        {
            var list = new FactList<int>();
            Parallel.For(0, 10_000, list.Add);

            Assert.Equal(Enumerable.Range(0, 10_000), list.OrderBy(i => i));
        }

        [Fact]
        public void CopyGrowsWithoutChangingTheOriginal()
        {
            var list = new FactList<string>();
            Assert.Empty(list);
            list.Add("a");
            list.Add("b");
            list.Add("c");

            var copy = list.Copy();
            copy.Add("d");

            Assert.Equal(new[] { "a", "b", "c" }, list);
            Assert.Equal(new[] { "a", "b", "c", "d" }, copy);
        }
    }
}
