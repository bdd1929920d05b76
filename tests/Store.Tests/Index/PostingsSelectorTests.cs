using Metrics.Store.Index;

namespace Metrics.Store.Tests.Index;

public class PostingsSelectorTests
{
    [Fact]
    public void Set_operations_on_sorted_lists()
    {
        Assert.Equal([2UL, 5], PostingsSelector.Intersect([1, 2, 5, 9], [2, 3, 5]));
        Assert.Equal([1UL, 2, 3, 5, 9], PostingsSelector.UnionSorted([1, 2, 5, 9], [2, 3, 5]));
        Assert.Equal([1UL, 9], PostingsSelector.Subtract([1, 2, 5, 9], [2, 3, 5]));
    }

    [Theory]
    [InlineData("api|web|db", true)]
    [InlineData("api", true)]
    [InlineData("a.*", false)]
    [InlineData("(api|web)", false)]
    [InlineData("api\\.x", false)]
    public void Literal_alternations_are_recognised(string pattern, bool literal)
        => Assert.Equal(literal, PostingsSelector.TryLiteralAlternation(pattern, out _));
}
