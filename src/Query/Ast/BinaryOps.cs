namespace Metrics.Query.Ast;

/// <summary>Facts about <see cref="BinaryOp"/>: spelling, precedence (Prometheus's yacc order) and operator class.</summary>
public static class BinaryOps
{
    /// <summary>The operator as PromQL spells it.</summary>
    public static string Text(this BinaryOp op) => op switch
    {
        BinaryOp.Add => "+",
        BinaryOp.Sub => "-",
        BinaryOp.Mul => "*",
        BinaryOp.Div => "/",
        BinaryOp.Mod => "%",
        BinaryOp.Pow => "^",
        BinaryOp.Atan2 => "atan2",
        BinaryOp.Equal => "==",
        BinaryOp.NotEqual => "!=",
        BinaryOp.GreaterThan => ">",
        BinaryOp.LessThan => "<",
        BinaryOp.GreaterEqual => ">=",
        BinaryOp.LessEqual => "<=",
        BinaryOp.And => "and",
        BinaryOp.Or => "or",
        BinaryOp.TrimUpper => "</",
        BinaryOp.TrimLower => ">/",
        _ => "unless",
    };

    /// <summary>Binding strength, higher binds tighter: or &lt; and/unless &lt; comparisons &lt; +,- &lt; *,/,%,atan2,&lt;/,&gt;/ &lt; ^.</summary>
    public static int Precedence(this BinaryOp op) => op switch
    {
        BinaryOp.Or => 1,
        BinaryOp.And or BinaryOp.Unless => 2,
        BinaryOp.Equal or BinaryOp.NotEqual or BinaryOp.GreaterThan or BinaryOp.LessThan
            or BinaryOp.GreaterEqual or BinaryOp.LessEqual => 3,
        BinaryOp.Add or BinaryOp.Sub => 4,
        BinaryOp.Mul or BinaryOp.Div or BinaryOp.Mod or BinaryOp.Atan2 or BinaryOp.TrimUpper or BinaryOp.TrimLower => 5,
        _ => 6,
    };

    /// <summary>Only <c>^</c> groups to the right: <c>2 ^ 3 ^ 2</c> is <c>2 ^ (3 ^ 2)</c>.</summary>
    public static bool IsRightAssociative(this BinaryOp op) => op == BinaryOp.Pow;

    public static bool IsComparison(this BinaryOp op) =>
        op is BinaryOp.Equal or BinaryOp.NotEqual or BinaryOp.GreaterThan or BinaryOp.LessThan
            or BinaryOp.GreaterEqual or BinaryOp.LessEqual;

    /// <summary>and, or, unless: defined between instant vectors only, always many-to-many.</summary>
    public static bool IsSetOperator(this BinaryOp op) => op is BinaryOp.And or BinaryOp.Or or BinaryOp.Unless;

    /// <summary>Maps an operator token's text (case-insensitive for the word operators) to the operator.</summary>
    public static bool TryParse(string text, out BinaryOp op)
    {
        switch (text.ToLowerInvariant())
        {
            case "+": op = BinaryOp.Add; return true;
            case "-": op = BinaryOp.Sub; return true;
            case "*": op = BinaryOp.Mul; return true;
            case "/": op = BinaryOp.Div; return true;
            case "%": op = BinaryOp.Mod; return true;
            case "^": op = BinaryOp.Pow; return true;
            case "atan2": op = BinaryOp.Atan2; return true;
            case "==": op = BinaryOp.Equal; return true;
            case "!=": op = BinaryOp.NotEqual; return true;
            case ">": op = BinaryOp.GreaterThan; return true;
            case "<": op = BinaryOp.LessThan; return true;
            case ">=": op = BinaryOp.GreaterEqual; return true;
            case "<=": op = BinaryOp.LessEqual; return true;
            case "and": op = BinaryOp.And; return true;
            case "or": op = BinaryOp.Or; return true;
            case "unless": op = BinaryOp.Unless; return true;
            case "</": op = BinaryOp.TrimUpper; return true;
            case ">/": op = BinaryOp.TrimLower; return true;
            default: op = default; return false;
        }
    }
}
