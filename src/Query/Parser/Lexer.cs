using System.Text;

namespace Metrics.Query.Parser;

/// <summary>Turns PromQL text into tokens; strings are unescaped, numbers and durations kept as text.</summary>
public sealed class Lexer
{
    private readonly string _input;
    private int _pos;

    public Lexer(string input) => _input = input;

    public static List<Token> Tokenize(string input)
    {
        var lexer = new Lexer(input);
        var tokens = new List<Token>();
        Token t;
        do
        {
            t = lexer.Next();
            tokens.Add(t);
        }
        while (t.Kind != TokenKind.Eof);
        return tokens;
    }

    public Token Next()
    {
        SkipSpaceAndComments();
        if (_pos >= _input.Length) return new Token(TokenKind.Eof, "", _pos);
        int start = _pos;
        char c = _input[_pos];
        switch (c)
        {
            case '{': _pos++; return new Token(TokenKind.LeftBrace, "{", start);
            case '}': _pos++; return new Token(TokenKind.RightBrace, "}", start);
            case '[': _pos++; return new Token(TokenKind.LeftBracket, "[", start);
            case ']': _pos++; return new Token(TokenKind.RightBracket, "]", start);
            case '(': _pos++; return new Token(TokenKind.LeftParen, "(", start);
            case ')': _pos++; return new Token(TokenKind.RightParen, ")", start);
            case ',': _pos++; return new Token(TokenKind.Comma, ",", start);
            case ':': _pos++; return new Token(TokenKind.Colon, ":", start);
            case '@': _pos++; return new Token(TokenKind.At, "@", start);
            case '+': _pos++; return new Token(TokenKind.Add, "+", start);
            case '-': _pos++; return new Token(TokenKind.Sub, "-", start);
            case '*': _pos++; return new Token(TokenKind.Mul, "*", start);
            case '/': _pos++; return new Token(TokenKind.Div, "/", start);
            case '%': _pos++; return new Token(TokenKind.Mod, "%", start);
            case '^': _pos++; return new Token(TokenKind.Pow, "^", start);
            case '=':
                _pos++;
                if (Peek('=')) { _pos++; return new Token(TokenKind.Equal, "==", start); }
                if (Peek('~')) { _pos++; return new Token(TokenKind.RegexMatch, "=~", start); }
                return new Token(TokenKind.Assign, "=", start);
            case '!':
                _pos++;
                if (Peek('=')) { _pos++; return new Token(TokenKind.NotEqual, "!=", start); }
                if (Peek('~')) { _pos++; return new Token(TokenKind.RegexNoMatch, "!~", start); }
                throw Error(start, "unexpected character after '!'");
            case '<':
                _pos++;
                if (Peek('=')) { _pos++; return new Token(TokenKind.LessEqual, "<=", start); }
                if (Peek('/')) { _pos++; return new Token(TokenKind.TrimUpper, "</", start); }
                return new Token(TokenKind.LessThan, "<", start);
            case '>':
                _pos++;
                if (Peek('=')) { _pos++; return new Token(TokenKind.GreaterEqual, ">=", start); }
                if (Peek('/')) { _pos++; return new Token(TokenKind.TrimLower, ">/", start); }
                return new Token(TokenKind.GreaterThan, ">", start);
            case '"' or '\'' or '`':
                return LexString(c);
        }
        if (char.IsAsciiDigit(c) || (c == '.' && _pos + 1 < _input.Length && char.IsAsciiDigit(_input[_pos + 1])))
            return LexNumberOrDuration();
        if (char.IsAsciiLetter(c) || c is '_' or ':')
        {
            bool hasColon = false;
            while (_pos < _input.Length && (char.IsAsciiLetterOrDigit(_input[_pos]) || _input[_pos] is '_' or ':'))
            {
                hasColon |= _input[_pos] == ':';
                _pos++;
            }
            string word = _input[start.._pos];
            // inf and nan are number literals in PromQL.
            if (word.Equals("inf", StringComparison.OrdinalIgnoreCase) || word.Equals("nan", StringComparison.OrdinalIgnoreCase))
                return new Token(TokenKind.Number, word, start);
            return new Token(hasColon ? TokenKind.MetricIdentifier : TokenKind.Identifier, word, start);
        }
        throw Error(start, $"unexpected character: '{c}'");
    }

    private bool Peek(char c) => _pos < _input.Length && _input[_pos] == c;

    private void SkipSpaceAndComments()
    {
        while (_pos < _input.Length)
        {
            char c = _input[_pos];
            if (char.IsWhiteSpace(c)) _pos++;
            else if (c == '#')
            {
                while (_pos < _input.Length && _input[_pos] != '\n') _pos++;
            }
            else break;
        }
    }

    private Token LexNumberOrDuration()
    {
        int start = _pos;
        // A duration is digits followed by a unit letter (5m, 1h30m, 500ms); a number is anything float-like.
        int p = _pos;
        while (p < _input.Length && char.IsAsciiDigit(_input[p])) p++;
        if (p < _input.Length && p > start && _input[p] is 's' or 'm' or 'h' or 'd' or 'w' or 'y')
        {
            while (p < _input.Length && char.IsAsciiLetterOrDigit(_input[p])) p++;
            _pos = p;
            return new Token(TokenKind.Duration, _input[start.._pos], start);
        }
        if (_input[_pos] == '0' && _pos + 1 < _input.Length && _input[_pos + 1] is 'x' or 'X')
        {
            _pos += 2;
            while (_pos < _input.Length && char.IsAsciiHexDigit(_input[_pos])) _pos++;
            return new Token(TokenKind.Number, _input[start.._pos], start);
        }
        while (_pos < _input.Length && char.IsAsciiDigit(_input[_pos])) _pos++;
        if (Peek('.'))
        {
            _pos++;
            while (_pos < _input.Length && char.IsAsciiDigit(_input[_pos])) _pos++;
        }
        if (_pos < _input.Length && _input[_pos] is 'e' or 'E')
        {
            int save = _pos;
            _pos++;
            if (_pos < _input.Length && _input[_pos] is '+' or '-') _pos++;
            int digits = _pos;
            while (_pos < _input.Length && char.IsAsciiDigit(_input[_pos])) _pos++;
            if (_pos == digits) _pos = save;
        }
        if (_pos < _input.Length && (char.IsAsciiLetter(_input[_pos]) || _input[_pos] == '_'))
            throw Error(start, $"bad number or duration syntax: \"{_input[start..(_pos + 1)]}\"");
        return new Token(TokenKind.Number, _input[start.._pos], start);
    }

    private Token LexString(char quote)
    {
        int start = _pos++;
        var sb = new StringBuilder();
        // \x and octal escapes are bytes in Go; runs of them are decoded as UTF-8 together ("\xc3\xa9" is é).
        var bytes = new List<byte>();
        while (true)
        {
            if (_pos >= _input.Length) throw Error(start, "unterminated quoted string");
            char c = _input[_pos++];
            bool byteEscape = c == '\\' && quote != '`' && _pos < _input.Length && _input[_pos] is 'x' or (>= '0' and <= '7');
            if (!byteEscape) FlushBytes(sb, bytes);
            if (c == quote) break;
            if (quote == '`')
            {
                sb.Append(c);
                continue;
            }
            if (c == '\n') throw Error(start, "unterminated quoted string");
            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }
            if (_pos >= _input.Length) throw Error(start, "unterminated quoted string");
            char e = _input[_pos++];
            switch (e)
            {
                case 'a': sb.Append('\a'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'v': sb.Append('\v'); break;
                case '\\': sb.Append('\\'); break;
                case '"' or '\'': sb.Append(e); break;
                case 'x': bytes.Add((byte)ReadHex(2, start)); break;
                case 'u': sb.Append(char.ConvertFromUtf32(ReadHex(4, start))); break;
                case 'U': sb.Append(char.ConvertFromUtf32(ReadHex(8, start))); break;
                default:
                    if (e is >= '0' and <= '7')
                    {
                        _pos--;
                        bytes.Add((byte)ReadOctal(start));
                        break;
                    }
                    throw Error(_pos - 2, $"unknown escape sequence '\\{e}'");
            }
        }
        return new Token(TokenKind.String, sb.ToString(), start);
    }

    // Invalid UTF-8 becomes U+FFFD: .NET strings cannot hold the raw bytes Go would keep.
    private static void FlushBytes(StringBuilder sb, List<byte> bytes)
    {
        if (bytes.Count == 0) return;
        sb.Append(Encoding.UTF8.GetString([.. bytes]));
        bytes.Clear();
    }

    private int ReadHex(int digits, int start)
    {
        if (_pos + digits > _input.Length) throw Error(start, "invalid escape sequence");
        int value = 0;
        for (int i = 0; i < digits; i++)
        {
            char h = _input[_pos++];
            if (!char.IsAsciiHexDigit(h)) throw Error(start, "invalid escape sequence");
            value = value * 16 + Convert.ToInt32(h.ToString(), 16);
        }
        if (value > 0x10FFFF || value is >= 0xD800 and <= 0xDFFF) throw Error(start, "escape sequence is an invalid Unicode code point");
        return value;
    }

    private int ReadOctal(int start)
    {
        if (_pos + 3 > _input.Length) throw Error(start, "invalid escape sequence");
        int value = 0;
        for (int i = 0; i < 3; i++)
        {
            char o = _input[_pos++];
            if (o is < '0' or > '7') throw Error(start, "invalid escape sequence");
            value = value * 8 + (o - '0');
        }
        if (value > 255) throw Error(start, "octal escape value > 255");
        return value;
    }

    private ParseException Error(int position, string problem) => new(_input, position, problem);
}
