namespace Metrics.Alerting.Templating;

// The parse tree of Go's text/template, reduced to what rule templates use. Line numbers are
// kept for error messages of the form "template: NAME:LINE:COL: ...".

internal abstract record TemplateNode(int Line);

internal sealed record TextNode(int Line, string Text) : TemplateNode(Line);

internal sealed record ActionNode(int Line, PipeNode Pipe) : TemplateNode(Line);

internal sealed record IfNode(int Line, PipeNode Pipe, List<TemplateNode> Then, List<TemplateNode>? Else) : TemplateNode(Line);

internal sealed record WithNode(int Line, PipeNode Pipe, List<TemplateNode> Then, List<TemplateNode>? Else) : TemplateNode(Line);

internal sealed record RangeNode(int Line, PipeNode Pipe, List<TemplateNode> Body, List<TemplateNode>? Else) : TemplateNode(Line);

/// <summary><c>{{template "name" pipe}}</c>; <see cref="Offset"/> is the name's position, where Go places its errors.</summary>
internal sealed record TemplateCallNode(int Line, string Name, PipeNode? Pipe, int Offset = 0) : TemplateNode(Line);

/// <summary>A named template: its body and the text it was parsed from (<see cref="ParseName"/>), which error positions refer to.</summary>
internal sealed record TemplateDefinition(string Name, string ParseName, string Text, List<TemplateNode> Body);

internal sealed record BreakNode(int Line) : TemplateNode(Line);

internal sealed record ContinueNode(int Line) : TemplateNode(Line);

/// <summary>A pipeline: optional variable declarations (<c>$x :=</c>) or assignment, then commands joined by <c>|</c>.</summary>
internal sealed record PipeNode(int Line, string Source, List<string> Declarations, bool IsAssign, List<CommandNode> Commands);

/// <summary>One stage of a pipeline; <see cref="Offset"/> and <see cref="Source"/> place Go's "at &lt;...&gt;" errors.</summary>
/// <remarks><see cref="ArgOffsets"/> places each argument, where Go reports an argument of the wrong type.</remarks>
internal sealed record CommandNode(List<ArgNode> Args, int Offset, string Source, List<int>? ArgOffsets = null);

internal abstract record ArgNode;

internal sealed record DotArg : ArgNode;

internal sealed record NilArg : ArgNode;

internal sealed record BoolArg(bool Value) : ArgNode;

internal sealed record StringArg(string Value) : ArgNode;

/// <summary>A number constant: Go treats <c>80</c> as an int and <c>80.0</c> as a float64.</summary>
internal sealed record NumberArg(object Value, string Text) : ArgNode;

/// <summary><c>.A.B</c>: fields of dot.</summary>
internal sealed record FieldArg(List<string> Fields, int Offset = 0) : ArgNode;

/// <summary><c>$x.A.B</c>: a variable and optional fields.</summary>
/// <remarks>With fields, Go places the node (and its errors) at the first field, not at the <c>$</c>.</remarks>
internal sealed record VariableArg(string Name, List<string> Fields, int Offset = 0) : ArgNode;

/// <summary>A function name.</summary>
internal sealed record IdentifierArg(string Name) : ArgNode;

/// <summary><c>(pipeline).A.B</c>.</summary>
internal sealed record ChainArg(PipeNode Pipe, List<string> Fields, int Offset = 0) : ArgNode;
