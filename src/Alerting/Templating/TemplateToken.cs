namespace Metrics.Alerting.Templating;

internal enum TemplateTokenKind
{
    Dot,
    Field,
    Variable,
    Identifier,
    String,
    Number,
    Char,
    Pipe,
    LeftParen,
    RightParen,
    Declare,
    Assign,
    Comma,
}

/// <summary>One token inside <c>{{ }}</c>; <see cref="SpaceBefore"/> tells <c>$x.a</c> (one operand) from <c>$x .a</c> (two).</summary>
internal readonly record struct TemplateToken(TemplateTokenKind Kind, string Text, bool SpaceBefore, int Offset = 0);
