namespace LuatHost.Runtime;

/// <summary>
/// A message timer's callback or one of its arguments, compared the way Luat's sys.lua compares them
/// (openLuat Luat_4G_RDA_8910, script_LuaTask/lib/sys.lua: `v == val` for the callback, cmpTable's `~=`
/// element by element for the args): nil, booleans, numbers and strings by value; functions, tables,
/// userdata and threads by identity, never through an `__eq` metamethod (a script's metamethod must not
/// run inside the host's bookkeeping). A C# face's callback is an <see cref="Object"/>, equal by its own
/// <see cref="object.Equals(object?)"/> (two delegates of the same method and target are one callback).
/// </summary>
public readonly struct TimerMatchValue : IEquatable<TimerMatchValue>
{
    private enum Kind : byte { Nil, Boolean, Integer, Float, Text, Reference, Object }

    private readonly Kind _kind;
    private readonly long _bits;
    private readonly object? _object;

    private TimerMatchValue(Kind kind, long bits, object? value)
    {
        _kind = kind;
        _bits = bits;
        _object = value;
    }

    public static TimerMatchValue Nil => default;

    public bool IsNil => _kind == Kind.Nil;

    /// <summary>False for NaN only (Lua: `x ~= x`).</summary>
    public bool EqualsItself => _kind != Kind.Float || !double.IsNaN(BitConverter.Int64BitsToDouble(_bits));

    public static TimerMatchValue Boolean(bool value) => new(Kind.Boolean, value ? 1 : 0, null);

    public static TimerMatchValue Integer(long value) => new(Kind.Integer, value, null);

    /// <summary>
    /// A float that holds an integer is that integer (Lua 5.4: `1 == 1.0`; Lua 5.1 had only doubles), so a timer
    /// started with 3 is found by 3.0. NaN stays a float and equals nothing, itself included, as in Lua.
    /// </summary>
    public static TimerMatchValue Number(double value) =>
        Math.Floor(value) == value && value >= -9223372036854775808.0 && value < 9223372036854775808.0
            ? Integer((long)value)
            : new(Kind.Float, BitConverter.DoubleToInt64Bits(value), null);

    /// <summary>A Lua string, its bytes one char each (Latin-1), so binary strings compare exactly.</summary>
    public static TimerMatchValue Text(string bytesAsLatin1) => new(Kind.Text, 0, bytesAsLatin1);

    /// <summary>A Lua function, table, userdata or thread: its address (lua_topointer), unique while it is alive.</summary>
    public static TimerMatchValue Reference(nint address) => new(Kind.Reference, address, null);

    /// <summary>A C# callback.</summary>
    public static TimerMatchValue Object(object value) => new(Kind.Object, 0, value ?? throw new ArgumentNullException(nameof(value)));

    public bool TryGetInteger(out long value)
    {
        value = _bits;
        return _kind == Kind.Integer;
    }

    public object? AsObject => _kind == Kind.Object ? _object : null;

    public bool Equals(TimerMatchValue other)
    {
        if (_kind != other._kind) return false;
        return _kind switch
        {
            Kind.Nil => true,
            Kind.Float => BitConverter.Int64BitsToDouble(_bits) == BitConverter.Int64BitsToDouble(other._bits),
            Kind.Text => string.Equals((string?)_object, (string?)other._object, StringComparison.Ordinal),
            Kind.Object => _object!.Equals(other._object),
            _ => _bits == other._bits,
        };
    }

    public override bool Equals(object? obj) => obj is TimerMatchValue other && Equals(other);

    public override int GetHashCode() => _kind switch
    {
        Kind.Text => HashCode.Combine(_kind, string.GetHashCode((string?)_object, StringComparison.Ordinal)),
        Kind.Object => HashCode.Combine(_kind, _object),
        _ => HashCode.Combine(_kind, _bits),
    };

    public static bool operator ==(TimerMatchValue left, TimerMatchValue right) => left.Equals(right);

    public static bool operator !=(TimerMatchValue left, TimerMatchValue right) => !left.Equals(right);

    public override string ToString() => _kind switch
    {
        Kind.Nil => "nil",
        Kind.Boolean => _bits != 0 ? "true" : "false",
        Kind.Integer => _bits.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Kind.Float => BitConverter.Int64BitsToDouble(_bits).ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        Kind.Text => (string)_object!,
        Kind.Reference => $"0x{_bits:x}",
        _ => _object!.ToString() ?? "object",
    };
}
