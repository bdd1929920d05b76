using Metrics.Query.Ast;
using Metrics.Store.Labels;

namespace Metrics.Query.Parser;

public sealed partial class PromQLParser
{
    /// <summary>A vector selector that must select something: Prometheus refuses <c>{}</c> and <c>{a=~".*"}</c>.</summary>
    private VectorSelector ParseCheckedSelector()
    {
        Token start = Current;
        VectorSelector selector = ParseVectorSelector();
        if (!selector.Matchers.Any(m => !m.MatchesEmpty))
            throw Error(start, "vector selector must contain at least one non-empty matcher");
        return selector;
    }

    /// <summary><c>name</c>, <c>name{...}</c> or <c>{...}</c>; a quoted string alone inside the braces is the metric name.</summary>
    private VectorSelector ParseVectorSelector()
    {
        Token start = Current;
        string? name = null;
        var matchers = new List<LabelMatcher>();
        if (Current.Kind is TokenKind.Identifier or TokenKind.MetricIdentifier)
        {
            name = Advance().Text;
            matchers.Add(LabelMatcher.Equal(LabelNames.MetricName, name));
        }
        if (Current.Kind == TokenKind.LeftBrace)
        {
            Advance();
            while (Current.Kind != TokenKind.RightBrace)
            {
                ParseMatcher(ref name, matchers);
                if (Current.Kind == TokenKind.Comma) Advance();
                else if (Current.Kind != TokenKind.RightBrace)
                    throw Unexpected(Current, "label matching", "\",\" or \"}\"");
            }
            Advance();
        }
        else if (name is null)
        {
            throw Unexpected(start);
        }
        return Track(new VectorSelector(name, matchers, 0), start.Position);
    }

    private void ParseMatcher(ref string? name, List<LabelMatcher> matchers)
    {
        Token labelToken = Current;
        Token after = PeekAt(1);
        // {"my.metric"} or {"my.metric", a="b"}: a bare quoted string names the metric (UTF-8 names).
        if (labelToken.Kind == TokenKind.String && after.Kind is TokenKind.Comma or TokenKind.RightBrace)
        {
            Advance();
            if (name is not null)
                throw Error(labelToken, $"metric name must not be set twice: \"{name}\" or \"{labelToken.Text}\"");
            name = labelToken.Text;
            matchers.Add(LabelMatcher.Equal(LabelNames.MetricName, name));
            return;
        }
        bool isWord = labelToken.Kind == TokenKind.Identifier
            || (labelToken.Kind == TokenKind.Number && char.IsAsciiLetter(labelToken.Text[0]));  // inf, nan
        if (!isWord && labelToken.Kind != TokenKind.String)
            throw Unexpected(labelToken, "label matching", "label name");
        Advance();
        if (isWord && !LabelNames.IsValidLabelName(labelToken.Text))
            throw Error(labelToken, $"invalid label name \"{labelToken.Text}\"");
        Token op = Advance();
        MatcherType type = op.Kind switch
        {
            TokenKind.Assign => MatcherType.Equal,
            TokenKind.NotEqual => MatcherType.NotEqual,
            TokenKind.RegexMatch => MatcherType.Regex,
            TokenKind.RegexNoMatch => MatcherType.NotRegex,
            _ => throw Unexpected(op, "label matching", "one of \"=\", \"!=\", \"=~\" or \"!~\""),
        };
        Token value = Expect(TokenKind.String, "label matching", "string");
        if (labelToken.Text == LabelNames.MetricName && name is not null)
            throw Error(labelToken, $"metric name must not be set twice: \"{name}\" or \"{value.Text}\"");
        try
        {
            matchers.Add(new LabelMatcher(type, labelToken.Text, value.Text));
        }
        catch (ArgumentException e)
        {
            throw Error(value, e.Message);
        }
    }
}
