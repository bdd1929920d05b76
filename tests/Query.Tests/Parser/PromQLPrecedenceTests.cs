using Metrics.Query.Ast;
using Metrics.Query.Parser;

namespace Metrics.Query.Tests.Parser;

public class PromQLPrecedenceTests
{
    [Theory]
    [InlineData("a + b * c", "(a + (b * c))")]
    [InlineData("a * b + c", "((a * b) + c)")]
    [InlineData("a - b - c", "((a - b) - c)")]
    [InlineData("a / b * c % d", "(((a / b) * c) % d)")]
    [InlineData("a atan2 b + c", "((a atan2 b) + c)")]
    [InlineData("2 ^ 3 ^ 2", "(2 ^ (3 ^ 2))")]
    [InlineData("a * b ^ c", "(a * (b ^ c))")]
    [InlineData("a or b and c", "(a or (b and c))")]
    [InlineData("a and b or c unless d", "((a and b) or (c unless d))")]
    [InlineData("a unless b and c", "((a unless b) and c)")]
    [InlineData("a > b + c", "(a > (b + c))")]
    [InlineData("a == b or c", "((a == b) or c)")]
    [InlineData("a + b > bool c * d", "((a + b) > bool (c * d))")]
    [InlineData("a and b > c", "(a and (b > c))")]
    [InlineData("(a + b) * c", "((a + b) * c)")]
    [InlineData("a </ b + c", "((a </ b) + c)")]
    public void Binary_operators_follow_prometheus_precedence_and_associativity(string query, string shape)
        => Assert.Equal(shape, Shape(PromQLParser.Parse(query)));

    [Theory]
    [InlineData("-a ^ b", "-(a ^ b)")]
    [InlineData("-a * b", "(-a * b)")]
    [InlineData("-a + b", "(-a + b)")]
    [InlineData("-2 ^ 2", "-(2 ^ 2)")]
    [InlineData("- -a", "--a")]
    [InlineData("-a offset 5m", "-a offset 5m")]
    public void Unary_minus_binds_like_multiplication(string query, string shape)
        => Assert.Equal(shape, Shape(PromQLParser.Parse(query)));

    [Fact]
    public void A_sign_on_a_number_literal_folds_into_the_literal()
    {
        Assert.Equal(-1, Assert.IsType<NumberLiteral>(PromQLParser.Parse("-1")).Value);
        Assert.Equal(2, Assert.IsType<NumberLiteral>(PromQLParser.Parse("+2")).Value);
        Assert.Equal(1, Assert.IsType<NumberLiteral>(PromQLParser.Parse("- -1")).Value);
        Assert.IsType<UnaryExpr>(PromQLParser.Parse("-(1)"));
    }

    [Theory]
    [InlineData("a offset 1m + 2", "(a offset 1m + 2)")]
    [InlineData("a offset -2 ^ 2", "(a offset -2s ^ 2)")]
    [InlineData("a offset (2 ^ 2)", "a offset (2 ^ 2)")]
    [InlineData("a offset -step() * 2", "(a offset -step() * 2)")]
    [InlineData("a + b offset 5m", "(a + b offset 5m)")]
    public void Offset_takes_one_operand_and_binds_to_the_nearest_selector(string query, string shape)
        => Assert.Equal(shape, Shape(PromQLParser.Parse(query)));

    [Fact]
    public void Keywords_are_case_insensitive_but_function_names_are_not()
    {
        Assert.Equal("(a and b)", Shape(PromQLParser.Parse("a AND b")));
        Assert.IsType<AggregateExpr>(PromQLParser.Parse("SUM BY (job) (x)"));
        Assert.Throws<ParseException>(() => PromQLParser.Parse("RATE(x[5m])"));
    }

    /// <summary>Binary expressions fully parenthesised, everything else printed canonically.</summary>
    private static string Shape(Expr e) => e switch
    {
        BinaryExpr b => $"({Shape(b.Lhs)} {b.Op.Text()}{(b.ReturnBool ? " bool" : "")} {Shape(b.Rhs)})",
        UnaryExpr u => u.Op.Text() + Shape(u.Expr),
        _ => e.ToString(),
    };
}
