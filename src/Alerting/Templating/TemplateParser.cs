using System.Globalization;
using Metrics.Query.Parser;

namespace Metrics.Alerting.Templating;

/// <summary>
/// Builds the parse tree of a Go text/template. As Go does, unknown functions and undefined
/// variables are parse errors, so <c>promtool check rules</c> and we reject the same templates.
/// </summary>
internal sealed class TemplateParser
{
    private readonly string _name;
    private readonly string _text;
    private readonly List<TemplateLexer.Segment> _segments;
    private readonly IReadOnlySet<string> _functions;
    private readonly Dictionary<string, TemplateDefinition> _defines;
    private readonly List<string> _variables = ["$"];
    private int _index;

    private TemplateParser(string name, string text, IReadOnlySet<string> functions, Dictionary<string, TemplateDefinition> defines)
    {
        _name = name;
        _text = text;
        _segments = TemplateLexer.Split(name, text);
        _functions = functions;
        _defines = defines;
    }

    /// <summary>Parses <paramref name="text"/>; <c>define</c>d templates are added to <paramref name="defines"/>.</summary>
    public static List<TemplateNode> Parse(string name, string text, IReadOnlySet<string> functions, Dictionary<string, TemplateDefinition> defines)
    {
        var parser = new TemplateParser(name, text, functions, defines);
        var (list, end) = parser.ParseList(topLevel: true);
        if (end is not null) throw parser.Error(end.Value.Line, $"unexpected {{{{{end.Value.Tokens[0].Text}}}}}");
        return list;
    }

    private (List<TemplateNode> List, TemplateLexer.Segment? Terminator) ParseList(bool topLevel)
    {
        var list = new List<TemplateNode>();
        while (_index < _segments.Count)
        {
            TemplateLexer.Segment seg = _segments[_index++];
            if (!seg.IsAction)
            {
                list.Add(new TextNode(seg.Line, seg.Text));
                continue;
            }
            if (seg.Tokens.Count == 0) throw Error(seg.Line, "missing value for command");
            TemplateToken first = seg.Tokens[0];
            string keyword = first.Kind == TemplateTokenKind.Identifier ? first.Text : "";
            switch (keyword)
            {
                case "end" or "else":
                    if (topLevel) throw Error(seg.Line, $"unexpected {{{{{keyword}}}}}");
                    return (list, seg);
                case "if" or "with" or "range":
                    list.Add(ParseControl(keyword, seg, seg.Tokens.GetRange(1, seg.Tokens.Count - 1)));
                    break;
                case "define" or "block":
                    list.AddRange(ParseDefine(keyword, seg));
                    break;
                case "template":
                {
                    if (seg.Tokens.Count < 2 || seg.Tokens[1].Kind != TemplateTokenKind.String)
                        throw Error(seg.Line, "unexpected token in template clause");
                    PipeNode? pipe = seg.Tokens.Count > 2 ? ParsePipe(seg.Line, seg.Tokens.GetRange(2, seg.Tokens.Count - 2), false) : null;
                    list.Add(new TemplateCallNode(seg.Line, seg.Tokens[1].Text, pipe, seg.Tokens[1].Offset));
                    break;
                }
                case "break":
                    list.Add(new BreakNode(seg.Line));
                    break;
                case "continue":
                    list.Add(new ContinueNode(seg.Line));
                    break;
                default:
                    list.Add(new ActionNode(seg.Line, ParsePipe(seg.Line, seg.Tokens, allowDeclaration: true)));
                    break;
            }
        }
        if (!topLevel) throw Error(_segments.Count > 0 ? _segments[^1].Line : 1, "unexpected EOF");
        return (list, null);
    }

    private TemplateNode ParseControl(string keyword, TemplateLexer.Segment seg, List<TemplateToken> pipeTokens)
    {
        int mark = _variables.Count;
        if (pipeTokens.Count == 0) throw Error(seg.Line, $"missing value for {keyword}");
        PipeNode pipe = ParsePipe(seg.Line, pipeTokens, allowDeclaration: true, allowTwo: keyword == "range");
        var (body, terminator) = ParseList(topLevel: false);
        List<TemplateNode>? elseList = null;
        TemplateLexer.Segment end = terminator!.Value;
        if (end.Tokens[0].Text == "else")
        {
            // Variables declared in the pipeline are visible in the else branch as in Go.
            if (end.Tokens.Count > 1 && end.Tokens[1].Kind == TemplateTokenKind.Identifier && end.Tokens[1].Text is "if" or "with" && keyword != "range")
            {
                // "else if" / "else with": a nested control that shares this one's {{end}}.
                TemplateNode nested = ParseControl(end.Tokens[1].Text, end, end.Tokens.GetRange(2, end.Tokens.Count - 2));
                elseList = [nested];
                _variables.RemoveRange(mark, _variables.Count - mark);
                return Build(keyword, seg.Line, pipe, body, elseList);
            }
            if (end.Tokens.Count > 1) throw Error(end.Line, "unexpected token in else");
            (elseList, terminator) = ParseList(topLevel: false);
            if (terminator!.Value.Tokens[0].Text != "end") throw Error(terminator.Value.Line, "expected end; found {{else}}");
        }
        else if (end.Tokens.Count > 1) throw Error(end.Line, "unexpected token in end");
        _variables.RemoveRange(mark, _variables.Count - mark);
        return Build(keyword, seg.Line, pipe, body, elseList);
    }

    private static TemplateNode Build(string keyword, int line, PipeNode pipe, List<TemplateNode> body, List<TemplateNode>? elseList) => keyword switch
    {
        "if" => new IfNode(line, pipe, body, elseList),
        "with" => new WithNode(line, pipe, body, elseList),
        _ => new RangeNode(line, pipe, body, elseList),
    };

    private List<TemplateNode> ParseDefine(string keyword, TemplateLexer.Segment seg)
    {
        if (seg.Tokens.Count < 2 || seg.Tokens[1].Kind != TemplateTokenKind.String)
            throw Error(seg.Line, $"unexpected token in {keyword} clause");
        string name = seg.Tokens[1].Text;
        PipeNode? pipe = keyword == "block" && seg.Tokens.Count > 2 ? ParsePipe(seg.Line, seg.Tokens.GetRange(2, seg.Tokens.Count - 2), false) : null;
        List<string> saved = [.. _variables];
        _variables.Clear();
        _variables.Add("$");
        var (body, terminator) = ParseList(topLevel: false);
        if (terminator!.Value.Tokens[0].Text != "end") throw Error(terminator.Value.Line, "unexpected {{else}}");
        _variables.Clear();
        _variables.AddRange(saved);
        Add(new TemplateDefinition(name, _name, _text, body), seg.Line);
        return keyword == "block" ? [new TemplateCallNode(seg.Line, name, pipe, seg.Tokens[1].Offset)] : [];
    }

    /// <summary>Go's rule within one parse: an empty definition yields to another; two non-empty ones are an error.</summary>
    private void Add(TemplateDefinition definition, int line)
    {
        if (!_defines.TryGetValue(definition.Name, out TemplateDefinition? existing) || IsEmpty(existing.Body))
        {
            _defines[definition.Name] = definition;
            return;
        }
        if (!IsEmpty(definition.Body)) throw Error(line, $"template: multiple definition of template \"{definition.Name}\"");
    }

    /// <summary>Go's parse.IsEmptyTree: only whitespace text (comments are already gone).</summary>
    internal static bool IsEmpty(List<TemplateNode> body)
    {
        foreach (TemplateNode node in body)
            if (node is not TextNode t || !string.IsNullOrWhiteSpace(t.Text)) return false;
        return true;
    }

    private PipeNode ParsePipe(int line, List<TemplateToken> tokens, bool allowDeclaration, bool allowTwo = false)
    {
        var declarations = new List<string>();
        bool assign = false;
        int i = 0;
        if (allowDeclaration && tokens.Count >= 2 && tokens[0].Kind == TemplateTokenKind.Variable)
        {
            if (tokens[1].Kind is TemplateTokenKind.Declare or TemplateTokenKind.Assign)
            {
                declarations.Add(tokens[0].Text);
                assign = tokens[1].Kind == TemplateTokenKind.Assign;
                i = 2;
            }
            else if (allowTwo && tokens.Count >= 4 && tokens[1].Kind == TemplateTokenKind.Comma
                && tokens[2].Kind == TemplateTokenKind.Variable && tokens[3].Kind == TemplateTokenKind.Declare)
            {
                declarations.Add(tokens[0].Text);
                declarations.Add(tokens[2].Text);
                i = 4;
            }
        }
        if (assign && !_variables.Contains(declarations[0])) throw Error(line, $"undefined variable \"{declarations[0]}\"");
        int end = tokens.Count;
        List<CommandNode> commands = ParseCommands(line, tokens, ref i, end, nested: false);
        if (!assign) _variables.AddRange(declarations);
        string source = string.Concat(tokens.Select(t => (t.SpaceBefore ? " " : "") + (t.Kind == TemplateTokenKind.String ? GoFormat.Quote(t.Text) : t.Text))).Trim();
        return new PipeNode(line, source, declarations, assign, commands);
    }

    private List<CommandNode> ParseCommands(int line, List<TemplateToken> tokens, ref int i, int end, bool nested)
    {
        var commands = new List<CommandNode>();
        var args = new List<ArgNode>();
        var argOffsets = new List<int>();
        int offset = i < end ? tokens[i].Offset : 0;
        while (i < end)
        {
            TemplateToken t = tokens[i];
            if (t.Kind == TemplateTokenKind.RightParen)
            {
                if (!nested) throw Error(line, "unexpected right paren");
                break;
            }
            if (t.Kind == TemplateTokenKind.Pipe)
            {
                if (args.Count == 0) throw Error(line, "missing command");
                commands.Add(new CommandNode(args, offset, CommandText(args), argOffsets));
                args = [];
                argOffsets = [];
                i++;
                if (i < end) offset = tokens[i].Offset;
                continue;
            }
            argOffsets.Add(t.Offset);
            args.Add(ParseOperand(line, tokens, ref i, end));
        }
        if (args.Count == 0) throw Error(line, commands.Count == 0 ? "missing value for command" : "missing command");
        commands.Add(new CommandNode(args, offset, CommandText(args), argOffsets));
        // Only the first command of a pipeline may be a non-function value; later ones receive the value before them.
        for (int c = 1; c < commands.Count; c++)
            if (commands[c].Args[0] is not (IdentifierArg or FieldArg or VariableArg or ChainArg))
                throw Error(line, "non executable command in pipeline stage " + (c + 1));
        return commands;
    }

    private ArgNode ParseOperand(int line, List<TemplateToken> tokens, ref int i, int end)
    {
        TemplateToken t = tokens[i++];
        ArgNode node;
        switch (t.Kind)
        {
            case TemplateTokenKind.Dot: node = new DotArg(); break;
            case TemplateTokenKind.String: node = new StringArg(t.Text); break;
            case TemplateTokenKind.Char: node = new NumberArg(long.Parse(t.Text, CultureInfo.InvariantCulture), t.Text); break;
            case TemplateTokenKind.Number: node = ParseNumber(line, t.Text); break;
            case TemplateTokenKind.Field:
            {
                var fields = new List<string> { t.Text[1..] };
                // Go places a chain .A.B (and its errors) at its second field.
                int chainOffset = i < end ? tokens[i].Offset : t.Offset;
                ReadFields(tokens, ref i, end, fields);
                return new FieldArg(fields, fields.Count > 1 ? chainOffset : t.Offset);
            }
            case TemplateTokenKind.Variable:
            {
                if (!_variables.Contains(t.Text)) throw Error(line, $"undefined variable \"{t.Text}\"");
                var fields = new List<string>();
                int fieldOffset = i < end ? tokens[i].Offset : t.Offset;
                ReadFields(tokens, ref i, end, fields);
                return new VariableArg(t.Text, fields, fields.Count > 0 ? fieldOffset : t.Offset);
            }
            case TemplateTokenKind.Identifier:
                node = t.Text switch
                {
                    "true" => new BoolArg(true),
                    "false" => new BoolArg(false),
                    "nil" => new NilArg(),
                    _ => _functions.Contains(t.Text) ? new IdentifierArg(t.Text) : throw Error(line, $"function \"{t.Text}\" not defined"),
                };
                break;
            case TemplateTokenKind.LeftParen:
            {
                int start = i;
                List<CommandNode> commands = ParseCommands(line, tokens, ref i, end, nested: true);
                if (i >= end || tokens[i].Kind != TemplateTokenKind.RightParen) throw Error(line, "unclosed left paren");
                string source = string.Concat(tokens.GetRange(start, i - start).Select(x => (x.SpaceBefore ? " " : "") + x.Text)).Trim();
                i++;
                var fields = new List<string>();
                int fieldOffset = i < end ? tokens[i].Offset : t.Offset;
                ReadFields(tokens, ref i, end, fields);
                return new ChainArg(new PipeNode(line, source, [], false, commands), fields, fieldOffset);
            }
            default:
                throw Error(line, $"unexpected \"{t.Text}\" in operand");
        }
        if (i < end && tokens[i].Kind == TemplateTokenKind.Field && !tokens[i].SpaceBefore)
            throw Error(line, $"unexpected . after term \"{t.Text}\"");
        return node;
    }

    /// <summary>A command as Go's parse tree prints it, for "at &lt;...&gt;" in errors.</summary>
    private static string CommandText(List<ArgNode> args) => string.Join(" ", args.Select(ArgText));

    internal static string ArgText(ArgNode arg) => arg switch
    {
        DotArg => ".",
        NilArg => "nil",
        BoolArg b => b.Value ? "true" : "false",
        StringArg s => GoFormat.Quote(s.Value),
        NumberArg n => n.Text,
        FieldArg f => "." + string.Join('.', f.Fields),
        VariableArg v => v.Name + string.Concat(v.Fields.Select(x => "." + x)),
        IdentifierArg id => id.Name,
        ChainArg c => "(" + string.Join(" | ", c.Pipe.Commands.Select(x => x.Source)) + ")" + string.Concat(c.Fields.Select(x => "." + x)),
        _ => "",
    };

    private static void ReadFields(List<TemplateToken> tokens, ref int i, int end, List<string> fields)
    {
        while (i < end && tokens[i].Kind == TemplateTokenKind.Field && !tokens[i].SpaceBefore)
            fields.Add(tokens[i++].Text[1..]);
    }

    private NumberArg ParseNumber(int line, string text)
    {
        string clean = text.Replace("_", "", StringComparison.Ordinal);
        bool isFloatSyntax = clean.IndexOfAny(['.', 'e', 'E', 'p', 'P']) >= 0 && !clean.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
        if (!isFloatSyntax)
        {
            string digits = clean.TrimStart('+', '-');
            bool negative = clean.StartsWith('-');
            if (digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
                && long.TryParse(digits.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out long hex))
                return new NumberArg(negative ? -hex : hex, text);
            if (long.TryParse(clean, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long integer))
                return new NumberArg(integer, text);
        }
        if (double.TryParse(clean, NumberStyles.Float, CultureInfo.InvariantCulture, out double f))
            return new NumberArg(f, text);
        throw Error(line, $"bad number syntax: \"{text}\"");
    }

    private TemplateException Error(int line, string problem) => TemplateLexer.Error(_name, line, problem);
}
