using Metrics.Query.Parser;

namespace Metrics.Query.Tests.Parser;

public class PromQLPrinterTests
{
    [Theory]
    [InlineData("sum by(job)(rate(x{a=\"b\"}[5m]))", "sum by (job) (rate(x{a=\"b\"}[5m]))")]
    [InlineData("sum(x) without(a,b)", "sum without (a, b) (x)")]
    [InlineData("sum by () (x)", "sum(x)")]
    [InlineData("topk(3,x)", "topk(3, x)")]
    [InlineData("a*on(b)group_left c", "a * on (b) group_left () c")]
    [InlineData("a / ignoring(b) group_right(c, d) e", "a / ignoring (b) group_right (c, d) e")]
    [InlineData("a > bool on() b", "a > bool on () b")]
    [InlineData("a + ignoring() b", "a + b")]
    [InlineData("a + fill_left(1) fill_right(2) b", "a + fill_left(1) fill_right(2) b")]
    [InlineData("a + fill_left(1) fill_right(1) b", "a + fill(1) b")]
    [InlineData("x[90s] offset 1h30m @ 100", "x[1m30s] @ 100.000 offset 1h30m")]
    [InlineData("x offset -5m", "x offset -5m")]
    [InlineData("x @ start()", "x @ start()")]
    [InlineData("rate(x[5m])[1h:]", "rate(x[5m])[1h:]")]
    [InlineData("x[1h:1m] offset 1w", "x[1h:1m] offset 1w")]
    [InlineData("x[14d]", "x[2w]")]
    [InlineData("x[2m*(10+5)]", "x[2m * (10 + 5)]")]
    [InlineData("x offset (1m+30s)", "x offset (1m + 30s)")]
    [InlineData("x offset -step()", "x offset -step()")]
    [InlineData("x[5m] smoothed", "x[5m] smoothed")]
    [InlineData("{__name__=\"x\", job=~\"a|b\"}", "{__name__=\"x\", job=~\"a|b\"}")]
    [InlineData("{\"my.metric\", \"a.b\"!=\"q\"}", "{\"my.metric\", \"a.b\"!=\"q\"}")]
    [InlineData("x{a=\"new\\nline \\\"q\\\"\"}", "x{a=\"new\\nline \\\"q\\\"\"}")]
    [InlineData("'single'", "\"single\"")]
    [InlineData("1000000", "1e+06")]
    [InlineData("123456", "123456")]
    [InlineData("0.00001", "1e-05")]
    [InlineData("0x10 + .5", "16 + 0.5")]
    [InlineData("-Inf", "-Inf")]
    [InlineData("+Inf", "+Inf")]
    [InlineData("NaN", "NaN")]
    [InlineData("time() - 5m", "time() - 5m")]
    [InlineData("-(a)", "-(a)")]
    [InlineData("sum( x ) # comment", "sum(x)")]
    public void Printing_gives_the_canonical_form(string query, string printed)
        => Assert.Equal(printed, PromQLParser.Parse(query).ToString());
}
