using Metrics.Query.Parser;

namespace Metrics.Query.Tests.Parser;

public class PromQLTypeErrorTests
{
    [Theory]
    [InlineData("x[5m] + 1", "1:1: parse error: binary expression must contain only scalar and instant vector types")]
    [InlineData("1 > 2", "1:1: parse error: comparisons between scalars must use BOOL modifier")]
    [InlineData("a + bool b", "1:1: parse error: bool modifier can only be used on comparison operators")]
    [InlineData("1 and x", "1:1: parse error: set operator \"and\" not allowed in binary scalar expression")]
    [InlineData("a and on (x) group_left b", "1:1: parse error: no grouping allowed for \"and\" operation")]
    [InlineData("1 + on (x) a", "1:1: parse error: vector matching only allowed between instant vectors")]
    [InlineData("a + on (x) group_left (x) b", "1:1: parse error: label \"x\" must not occur in ON and GROUP clause at once")]
    [InlineData("a + fill(0) 1", "1:1: parse error: fill modifiers are only allowed between instant vectors")]
    [InlineData("a + group_left b", "1:5: parse error: unexpected \"group_left\"")]
    [InlineData("sum(x[5m])", "1:5: parse error: expected type instant vector in aggregation expression, got range vector")]
    [InlineData("topk(x, y)", "1:6: parse error: expected type scalar in aggregation parameter, got instant vector")]
    [InlineData("count_values(1, y)", "1:14: parse error: expected type string in aggregation parameter, got scalar")]
    [InlineData("sum()", "1:1: parse error: no arguments for aggregate expression provided")]
    [InlineData("topk(x)", "1:1: parse error: wrong number of arguments for aggregate expression provided, expected 2, got 1")]
    [InlineData("rate(x)", "1:6: parse error: expected type range vector in call to function \"rate\", got instant vector")]
    [InlineData("abs(x, y)", "1:1: parse error: expected 1 argument(s) in call to \"abs\", got 2")]
    [InlineData("round(x, 1, 2)", "1:1: parse error: expected at most 2 argument(s) in call to \"round\", got 3")]
    [InlineData("label_join(x)", "1:1: parse error: expected at least 3 argument(s) in call to \"label_join\", got 1")]
    [InlineData("foo(x)", "1:1: parse error: unknown function with name \"foo\"")]
    [InlineData("abs(x,)", "1:6: parse error: trailing commas not allowed in function call args")]
    [InlineData("-x[5m]", "1:1: parse error: unary expression only allowed on expressions of type scalar or instant vector, got \"range vector\"")]
    [InlineData("rate(x[5m])[5m]", "1:12: parse error: ranges only allowed for vector selectors")]
    [InlineData("x offset 5m [5m]", "1:13: parse error: no offset modifiers allowed before range")]
    [InlineData("x @ 10 [5m]", "1:8: parse error: no @ modifiers allowed before range")]
    [InlineData("x[5m][10m:]", "1:1: parse error: subquery is only allowed on instant vector, got matrix instead")]
    [InlineData("x offset 1m offset 2m", "1:13: parse error: offset may not be set multiple times")]
    [InlineData("x @ 1 @ 2", "1:7: parse error: @ <timestamp> may not be set multiple times")]
    [InlineData("sum(x) offset 1m", "1:1: parse error: offset modifier must be preceded by an instant vector selector or range vector selector or a subquery")]
    [InlineData("(x) @ 1", "1:1: parse error: @ modifier must be preceded by an instant vector selector or range vector selector or a subquery")]
    [InlineData("x[0s]", "1:2: parse error: duration must be greater than 0")]
    [InlineData("x[5m / 0]", "1:2: parse error: division by zero")]
    [InlineData("rate(x", "1:7: parse error: unclosed left parenthesis")]
    [InlineData("x{a=\"b\"} y", "1:10: parse error: unexpected identifier \"y\"")]
    [InlineData("x @ NaN", "1:3: parse error: timestamp out of bounds for @ modifier")]
    public void Type_and_syntax_errors_use_prometheus_messages_and_positions(string query, string expectedPrefix)
    {
        var e = Assert.Throws<ParseException>(() => PromQLParser.Parse(query));
        Assert.StartsWith(expectedPrefix, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Experimental_syntax_can_be_switched_off()
    {
        var strict = new ParserOptions
        {
            EnableExperimentalFunctions = false,
            EnableDurationExpressions = false,
            EnableExtendedRangeSelectors = false,
            EnableBinopFillModifiers = false,
        };
        Assert.Contains("is not enabled", Assert.Throws<ParseException>(() => PromQLParser.Parse("mad_over_time(x[5m])", strict)).Message);
        Assert.Throws<ParseException>(() => PromQLParser.Parse("limitk(1, x)", strict));
        Assert.Throws<ParseException>(() => PromQLParser.Parse("x[2m * 2]", strict));
        Assert.Throws<ParseException>(() => PromQLParser.Parse("x[5m] anchored", strict));
        Assert.Throws<ParseException>(() => PromQLParser.Parse("a + fill(0) b", strict));
        Assert.IsType<Ast.MatrixSelector>(PromQLParser.Parse("x[5m] offset -1m", strict));
    }
}
