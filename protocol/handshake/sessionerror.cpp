// The table of session errors: close code, name and readable text of every SessionError.
#include "handshake/handshake.h"

#include <QLatin1String>

namespace sws {

namespace {

struct ErrorInfo {
    quint16 code;
    QLatin1String name;
    QLatin1String text;
};

// One switch, no default: the compiler reports an enum value without an entry.
ErrorInfo info(SessionError e) {
    using L = QLatin1String;
    switch (e) {
    case SessionError::None:
        return {1000, L("None"), L("no error")};
    case SessionError::MalformedJson:
        return {4001, L("MalformedJson"), L("handshake message is not valid JSON")};
    case SessionError::MalformedMessage:
        return {4002, L("MalformedMessage"), L("handshake field missing or of the wrong type")};
    case SessionError::UnexpectedOpcode:
        return {4003, L("UnexpectedOpcode"), L("unexpected handshake message")};
    case SessionError::VersionMismatch:
        return {4004, L("VersionMismatch"), L("peer speaks another protocol version")};
    case SessionError::BadKeyLength:
        return {4005, L("BadKeyLength"), L("public key is not 32 bytes")};
    case SessionError::BadNonceLength:
        return {4006, L("BadNonceLength"), L("nonce is not 8 bytes")};
    case SessionError::BadByteArray:
        return {4007, L("BadByteArray"), L("byte array element is not an integer in 0..255")};
    case SessionError::KeyExchangeFailed:
        return {4008, L("KeyExchangeFailed"), L("peer public key is unusable")};
    case SessionError::BoxOpenFailed:
        return {4009, L("BoxOpenFailed"), L("handshake box failed to authenticate")};
    case SessionError::PlaintextTooShort:
        return {4010, L("PlaintextTooShort"), L("handshake box plaintext too short")};
    case SessionError::CertificateMalformed:
        return {4011, L("CertificateMalformed"), L("peer certificate unreadable")};
    case SessionError::CertificateMissing:
        return {4012, L("CertificateMissing"), L("peer certificate missing")};
    case SessionError::CertificateRefused:
        return {4013, L("CertificateRefused"), L("peer certificate refused")};
    case SessionError::EndpointMismatch:
        return {4014, L("EndpointMismatch"), L("peer certificate not issued for this endpoint")};
    case SessionError::HandshakeTimeout:
        return {4015, L("HandshakeTimeout"), L("handshake timed out")};
    case SessionError::BinaryDuringHandshake:
        return {1003, L("BinaryDuringHandshake"), L("binary frame during the handshake")};
    case SessionError::TextAfterHandshake:
        return {1003, L("TextAfterHandshake"), L("text frame after the handshake")};
    case SessionError::DecryptFailed:
        return {4020, L("DecryptFailed"), L("data frame failed to authenticate")};
    case SessionError::MessageTooBig:
        return {1009, L("MessageTooBig"), L("message too big")};
    case SessionError::LocalConfiguration:
        return {4030, L("LocalConfiguration"), L("local configuration unusable")};
    case SessionError::PeerKeyChanged:
        return {4040, L("PeerKeyChanged"), L("peer key differs from the pinned key")};
    case SessionError::PeerKeyNotTrusted:
        return {4041, L("PeerKeyNotTrusted"), L("peer key not trusted")};
    case SessionError::PeerNotReading:
        return {4021, L("PeerNotReading"), L("peer is not reading what is sent to it")};
    // Reported by the I/O layer; 1006 (abnormal closure) is never sent in a close frame.
    case SessionError::ConnectionFailed:
        return {1006, L("ConnectionFailed"), L("connection failed")};
    case SessionError::PeerClosedDuringHandshake:
        return {1006, L("PeerClosedDuringHandshake"), L("peer closed during the handshake")};
    case SessionError::Cancelled:
        return {1006, L("Cancelled"), L("cancelled by the user")};
    case SessionError::NotWebSocketServer:
        return {1006, L("NotWebSocketServer"), L("not a WebSocket server")};
    case SessionError::NotSwsServer:
        return {1002, L("NotSwsServer"), L("a WebSocket server that does not speak SWS")};
    }
    return {1011, L("Unknown"), L("unknown error")};
}

// Longest prefix of s whose UTF-8 form fits maxBytes, cut on a code point boundary.
QString clipUtf8(const QString &s, qsizetype maxBytes) {
    qsizetype bytes = 0;
    qsizetype i = 0;
    while (i < s.size()) {
        const char16_t c = s.at(i).unicode();
        qsizetype units = 1;
        int len = 3; // BMP above U+07FF, and a lone surrogate (encoded as U+FFFD)
        if (c < 0x80) {
            len = 1;
        } else if (c < 0x800) {
            len = 2;
        } else if (QChar::isHighSurrogate(c) && i + 1 < s.size() && s.at(i + 1).isLowSurrogate()) {
            len = 4;
            units = 2;
        }
        if (bytes + len > maxBytes)
            break;
        bytes += len;
        i += units;
    }
    return s.left(i);
}

} // namespace

QString closeCodeName(quint16 code) {
    // Codes with a single SWS error; 1003 and 1006 stand for several and get their RFC name.
    for (int i = 1; i <= static_cast<int>(SessionError::NotSwsServer); ++i) {
        const auto e = static_cast<SessionError>(i);
        if (code >= 4000 && closeCodeFor(e) == code)
            return sessionErrorName(e);
    }
    switch (code) {
    case 1000:
        return QStringLiteral("normal closure");
    case 1001:
        return QStringLiteral("going away");
    case 1002:
        return QStringLiteral("protocol error");
    case 1003:
        return QStringLiteral("unsupported data");
    case 1005:
        return QStringLiteral("no status code");
    case kCloseAbnormal:
        return QStringLiteral("abnormal closure (no close frame)");
    case 1007:
        return QStringLiteral("invalid payload data");
    case 1008:
        return QStringLiteral("policy violation");
    case 1009:
        return sessionErrorName(SessionError::MessageTooBig);
    case 1011:
        return QStringLiteral("internal error");
    case 4050:
        return QStringLiteral("server busy");
    default:
        return QStringLiteral("code %1").arg(code);
    }
}

bool isHandshakeRefusalCode(quint16 code) {
    switch (code) {
    case 4001: // MalformedJson … HandshakeTimeout: the server could not accept our ClientReady
    case 4002:
    case 4003:
    case 4004:
    case 4005:
    case 4006:
    case 4007:
    case 4008:
    case 4009:
    case 4010:
    case 4011:
    case 4012:
    case 4013:
    case 4014:
    case 4015:
    case 4040: // PeerKeyChanged, PeerKeyNotTrusted: its pin check refused our key
    case 4041:
        return true;
    default:
        return false;
    }
}

quint16 closeCodeFor(SessionError e) {
    return info(e).code;
}

QString sessionErrorName(SessionError e) {
    return info(e).name;
}

QString sessionErrorText(SessionError e) {
    return info(e).text;
}

SessionFailure makeFailure(SessionError e, const QString &detail, std::optional<cert::Rule> rule) {
    SessionFailure f;
    f.error = e;
    f.closeCode = closeCodeFor(e);
    f.rule = rule;
    QString reason = sessionErrorText(e);
    if (rule)
        reason += QLatin1String(" [") + cert::ruleName(*rule) + QLatin1Char(']');
    if (!detail.isEmpty())
        reason += QLatin1String(": ") + detail;
    // RFC 6455 §5.5: a close frame's body is at most 125 bytes, 2 of them the code.
    f.reason = clipUtf8(reason, 123);
    return f;
}

QString handshakeStepName(HandshakeStep s) {
    switch (s) {
    case HandshakeStep::ClientHello:
        return QStringLiteral("ClientHello");
    case HandshakeStep::ServerHello:
        return QStringLiteral("ServerHello");
    case HandshakeStep::ClientReady:
        return QStringLiteral("ClientReady");
    }
    return QStringLiteral("Unknown");
}

} // namespace sws
