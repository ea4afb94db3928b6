namespace LuatHost.At;

/// <summary>
/// One line from the module, without its CR/LF. Counted-payload lines carry their raw bytes apart from the text:
/// for <c>+MSUB: "t",5 byte,hello</c> the text is <c>+MSUB: "t",5 byte,</c> and the payload is <c>hello</c>;
/// for <c>+HTTPREAD: 5</c> the payload is the 5 bytes after the line.
/// </summary>
public readonly record struct AtLine(string Text, ReadOnlyMemory<byte> Payload)
{
    public AtLine(string text)
        : this(text, ReadOnlyMemory<byte>.Empty)
    {
    }

    public bool HasPayload => !Payload.IsEmpty;

    public override string ToString() => HasPayload ? $"{Text}<{Payload.Length} bytes>" : Text;
}
