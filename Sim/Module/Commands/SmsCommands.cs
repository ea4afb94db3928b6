using System.Globalization;
using LuatHost.Sim.Module.Sms;
using LuatHost.Sim.Module.Wire;
using NLog;

namespace LuatHost.Sim.Module.Commands;

/// <summary>
/// Short messages in PDU mode (3GPP TS 27.005 §3): <c>AT+CMGF/CPMS/CNMI/CSCA/CSMP/CSMS/CNUM</c>, sending with
/// <c>AT+CMGS=&lt;length&gt;</c> (prompt <c>&gt; </c>, the PDU in hex, Ctrl-Z → <c>+CMGS: &lt;mr&gt;</c>), and the
/// SIM store with <c>AT+CMGR/CMGL/CMGD</c>; a message arriving is announced as <c>+CMTI: "SM",&lt;index&gt;</c>.
/// <code>
/// AT+CMGS=36          "> "  0011000B91…0021 Ctrl-Z   +CMGS: 181, OK
/// +CMTI: "SM",2       AT+CMGR=2                      +CMGR: 0,,24 / 0891683108502405F0…0041 / OK
/// </code>
/// Shapes from real exchanges: openLuat's AT SMS guide for the Air724UG (only "SM", 50 slots), Luat's lib/ril.lua
/// (<c>+CMGR: 0,,84</c> then the PDU line), a captured session with a Chinese operator (blog.csdn.net/xwchen,
/// "VB 使用COM串口驱动GSM模块收发短信测试用例"). Text mode (<c>AT+CMGF=1</c>) is not served: Luat's sms library and
/// the host use PDU mode; a text-mode request answers <c>+CMS ERROR: 303</c> (operation not supported).
/// </summary>
internal sealed class SmsCommands(ModuleContext module, SmsStore store, Action<SubmittedSms> submitted) : ICommandFamily
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private const int MaxTpduOctets = 164;
    private int _format;
    // New-message indication (AT+CNMI <mt>): 1 stores and prints +CMTI. The power-on value is not documented for the
    // Air724; Luat's lib/sms.lua sets 2,1,0,0,0 itself, so that is the default here too.
    private int _newMessageIndication = 1;
    private string? _serviceCentre;
    private int _nextReference;

    private LinkWriter Writer => module.Writer;

    public void Register(CommandTable table)
    {
        table.Add("+CMGF", Cmgf);
        table.Add("+CPMS", Cpms);
        table.Add("+CNMI", Cnmi);
        table.Add("+CSCA", Csca);
        table.Add("+CSMP", request => request.Form == AtForm.Read ? Lines("+CSMP: 17,167,0,0", "OK") : Lines("OK"));
        table.Add("+CSMS", request => request.Form switch
        {
            AtForm.Read => Lines("+CSMS: 0,1,1,1", "OK"),
            AtForm.Test => Lines("+CSMS: (0,1)", "OK"),
            _ => Lines("+CSMS: 1,1,1", "OK"),
        });
        foreach (var own in new[] { "+CMGF", "+CPMS", "+CNMI", "+CSMS", "+CMGL", "+CMGD" })
        {
            table.HandlesTestForm(own);
        }
        table.Add("+CNUM", _ => Options.Identity.PhoneNumber.Length == 0
            ? Lines("OK")
            : Lines($"+CNUM: \"\",\"{Options.Identity.PhoneNumber}\",{(Options.Identity.PhoneNumber.StartsWith('+') ? 145 : 129)}", "OK"));
        table.Add("+CMGS", Cmgs);
        table.Add("+CMGR", Cmgr);
        table.Add("+CMGL", Cmgl);
        table.Add("+CMGD", Cmgd);
    }

    private ModuleOptions Options => module.Options;

    private string ServiceCentre => _serviceCentre ?? Options.SmsServiceCentre;

    public Task ResetAsync()
    {
        _format = 0;
        _newMessageIndication = 1;
        return Task.CompletedTask;
    }

    public Task OnBearerLostAsync() => Task.CompletedTask;

    /// <summary>In the module's turn: a message from the network reaches the SIM (and the host, per AT+CNMI).</summary>
    public async Task<int?> ReceiveAsync(byte[] pdu)
    {
        if (!module.State.InService)
        {
            throw new InvalidOperationException("the virtual module has no radio service: a message cannot reach it now");
        }
        if (_newMessageIndication == 2)
        {
            // Routed straight to the host, not stored (+CMT: [<alpha>],<length> then the PDU).
            await Writer.RawAsync(WithPdu([$"+CMT: ,{SmsPdu.TpduLength(pdu)}"], [pdu])).ConfigureAwait(false);
            return null;
        }
        var index = store.Add(SmsStatus.ReceivedUnread, pdu);
        if (index is null)
        {
            Log.Warn("virtual module: SIM message store full ({Capacity}), an arriving message was not stored", store.Capacity);
            return null;
        }
        if (_newMessageIndication == 1)
        {
            await Writer.LineAsync($"+CMTI: \"SM\",{index}").ConfigureAwait(false);
        }
        return index;
    }

    private Task<InputRequest?> Cmgf(AtRequest request) => request.Form switch
    {
        AtForm.Read => Lines($"+CMGF: {_format}", "OK"),
        AtForm.Test => Lines("+CMGF: (0,1)", "OK"),
        AtForm.Set when request.TryInt(0, out var mode) && mode is 0 => SetFormat(mode),
        AtForm.Set when request.TryInt(0, out var mode) && mode is 1 => CmsError(303),
        _ => Lines("ERROR"),
    };

    private Task<InputRequest?> SetFormat(int mode)
    {
        _format = mode;
        return Lines("OK");
    }

    private Task<InputRequest?> Cpms(AtRequest request)
    {
        var used = $"{store.Count},{store.Capacity}";
        return request.Form switch
        {
            AtForm.Read => Lines($"+CPMS: \"SM\",{used},\"SM\",{used},\"SM\",{used}", "OK"),
            AtForm.Test => Lines("+CPMS: (\"SM\"),(\"SM\"),(\"SM\")", "OK"),
            AtForm.Set when request.Arguments.Count is >= 1 and <= 3
                && request.Arguments.All(a => a.Value.Equals("SM", StringComparison.OrdinalIgnoreCase)) =>
                Lines($"+CPMS: {used},{used},{used}", "OK"),
            AtForm.Set => CmsError(302),
            _ => Lines("ERROR"),
        };
    }

    private Task<InputRequest?> Cnmi(AtRequest request)
    {
        switch (request.Form)
        {
            case AtForm.Read:
                return Lines($"+CNMI: 2,{_newMessageIndication},0,0,0", "OK");
            case AtForm.Test:
                return Lines("+CNMI: (0-2),(0-2),(0,2),(0-1),(0-1)", "OK");
            case AtForm.Set when request.Arguments.Count < 2 || (request.TryInt(1, out var mt) && mt is >= 0 and <= 2):
                if (request.TryInt(1, out var indication))
                {
                    _newMessageIndication = indication;
                }
                return Lines("OK");
            default:
                return CmsError(303);
        }
    }

    private Task<InputRequest?> Csca(AtRequest request)
    {
        switch (request.Form)
        {
            case AtForm.Read:
                return Lines($"+CSCA: \"{ServiceCentre}\",{(ServiceCentre.StartsWith('+') ? 145 : 129)}", "OK");
            case AtForm.Set when request.Text(0).Length > 0:
                _serviceCentre = request.Text(0);
                return Lines("OK");
            default:
                return Lines("ERROR");
        }
    }

    private async Task<InputRequest?> Cmgs(AtRequest request)
    {
        if (request.Form == AtForm.Test)
        {
            return await Lines("OK").ConfigureAwait(false);
        }
        if (_format != 0)
        {
            return await CmsError(303).ConfigureAwait(false);
        }
        if (request.Form != AtForm.Set || !request.TryInt(0, out var length) || length is < 7 or > MaxTpduOctets)
        {
            return await CmsError(304).ConfigureAwait(false);
        }
        if (Options.Sim != SimCardState.Ready || module.State.SimRemoved)
        {
            return await CmsError(310).ConfigureAwait(false);
        }
        await Writer.RawAsync("\r\n> "u8.ToArray()).ConfigureAwait(false);
        // The PDU in hex: at most the service-centre address (12 octets) and the TPDU, as two characters an octet.
        return InputRequest.UntilCtrlZ((length + 12) * 2 + 8, TimeSpan.FromSeconds(60), (data, _) => SendAsync(length, data));
    }

    private async Task<InputRequest?> SendAsync(int length, byte[] data)
    {
        byte[] pdu;
        SubmittedSms sent;
        try
        {
            pdu = Convert.FromHexString(System.Text.Encoding.ASCII.GetString(data).Trim());
            if (pdu.Length == 0 || SmsPdu.TpduLength(pdu) != length)
            {
                return await CmsError(304).ConfigureAwait(false);
            }
            var (destination, userData) = SmsPdu.DecodeSubmit(pdu);
            sent = new SubmittedSms(destination, userData, _nextReference);
        }
        catch (FormatException)
        {
            return await CmsError(304).ConfigureAwait(false);
        }
        if (!module.State.Registered)
        {
            return await CmsError(331).ConfigureAwait(false);
        }
        _nextReference = (_nextReference + 1) % 256;
        await Writer.LinesAsync($"+CMGS: {sent.MessageReference}", "OK").ConfigureAwait(false);
        submitted(sent);
        return null;
    }

    private Task<InputRequest?> Cmgr(AtRequest request)
    {
        if (_format != 0)
        {
            return CmsError(303);
        }
        if (request.Form != AtForm.Set || !request.TryInt(0, out var index) || !store.TryGet(index, out var status, out var pdu))
        {
            return CmsError(321);
        }
        store.MarkRead(index);
        return Listing([$"+CMGR: {(int)status},,{SmsPdu.TpduLength(pdu)}"], [pdu]);
    }

    private Task<InputRequest?> Cmgl(AtRequest request)
    {
        if (_format != 0)
        {
            return CmsError(303);
        }
        var stat = 0;
        if (request.Form == AtForm.Set && (!request.TryInt(0, out stat) || stat is < 0 or > 4))
        {
            return CmsError(304);
        }
        if (request.Form == AtForm.Test)
        {
            return Lines("+CMGL: (0-4)", "OK");
        }
        var entries = store.List(stat == 4 ? null : (SmsStatus)stat);
        foreach (var (index, _, _) in entries)
        {
            store.MarkRead(index);
        }
        return Listing(entries.Select(e => $"+CMGL: {e.Index},{(int)e.Status},,{SmsPdu.TpduLength(e.Pdu)}").ToArray(), entries.Select(e => e.Pdu).ToArray());
    }

    private Task<InputRequest?> Cmgd(AtRequest request)
    {
        if (request.Form == AtForm.Test)
        {
            return Lines($"+CMGD: (1-{store.Capacity}),(0-4)", "OK");
        }
        if (request.Form != AtForm.Set || !request.TryInt(0, out var index))
        {
            return CmsError(321);
        }
        var flag = 0;
        if (request.Arguments.Count > 1 && (!request.TryInt(1, out flag) || flag is < 0 or > 4))
        {
            return CmsError(304);
        }
        if (flag > 0)
        {
            store.DeleteWhere(flag);
            return Lines("OK");
        }
        return index >= 1 && index <= store.Capacity ? DeleteOne(index) : CmsError(321);
    }

    private Task<InputRequest?> DeleteOne(int index)
    {
        // Deleting an empty slot is not an error on SIMCom-family firmware; 27.005 leaves it open.
        store.Delete(index);
        return Lines("OK");
    }

    /// <summary>
    /// Header lines each followed by its PDU on the very next line (27.005 §3.4.2: <c>+CMGR: …&lt;CR&gt;&lt;LF&gt;&lt;pdu&gt;</c>,
    /// as Luat's lib/ril.lua shows it: <c>+CMGR: 0,,84\r\n0891…\r\nOK</c>), then OK.
    /// </summary>
    private async Task<InputRequest?> Listing(IReadOnlyList<string> headers, IReadOnlyList<byte[]> pdus)
    {
        if (headers.Count > 0)
        {
            await Writer.RawAsync(WithPdu(headers, pdus)).ConfigureAwait(false);
        }
        await Writer.OkAsync().ConfigureAwait(false);
        return null;
    }

    private static byte[] WithPdu(IReadOnlyList<string> headers, IReadOnlyList<byte[]> pdus) =>
        System.Text.Encoding.ASCII.GetBytes("\r\n" + string.Concat(headers.Select((h, i) => $"{h}\r\n{Convert.ToHexString(pdus[i])}\r\n")));

    private async Task<InputRequest?> Lines(params string[] lines)
    {
        await Writer.LinesAsync(lines).ConfigureAwait(false);
        return null;
    }

    /// <summary><c>+CMS ERROR: n</c> (27.005 §3.2.5), or plain <c>ERROR</c> when AT+CMEE=0.</summary>
    private Task<InputRequest?> CmsError(int code) =>
        module.State.Cmee == 0 ? Lines("ERROR") : Lines("+CMS ERROR: " + code.ToString(CultureInfo.InvariantCulture));
}
