// Shared by the libFuzzer targets in tests/fuzz: a check that aborts (so libFuzzer reports and
// saves the input), the recorded transcripts of tests/vectors with what their boxes hold, and
// the loop that feeds one input to a harness.
#pragma once

#include "handshake/handshake.h"
#include "json/json.h"

#include <QByteArray>
#include <QFile>
#include <QString>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <functional>
#include <optional>
#include <vector>

// An oracle that must hold for every input; a violation is a finding.
#define FUZZ_CHECK(cond)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            std::fprintf(stderr, "FUZZ_CHECK failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__);    \
            std::abort();                                                                          \
        }                                                                                          \
    } while (0)

namespace fuzz {

inline QByteArray bytesOf(const uint8_t *data, size_t size) {
    return QByteArray(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
}

inline const unsigned char *u8(const QByteArray &b) {
    return reinterpret_cast<const unsigned char *>(b.constData());
}

inline sws::SecretBuffer secret(const QByteArray &b) {
    return sws::SecretBuffer(u8(b), static_cast<std::size_t>(b.size()));
}

// Splits on a separator that cannot occur in compact JSON ("\n#\n"); mutations that break it
// only merge or split messages, which is input worth having.
inline std::vector<QByteArray> splitMessages(const QByteArray &in) {
    static const QByteArray sep("\n#\n");
    std::vector<QByteArray> out;
    qsizetype from = 0;
    for (;;) {
        const qsizetype at = in.indexOf(sep, from);
        if (at < 0) {
            out.push_back(in.mid(from));
            return out;
        }
        out.push_back(in.mid(from, at - from));
        from = at + sep.size();
    }
}

inline QByteArray nonce3(const QByteArray &n8) {
    return n8 + n8 + n8;
}

// A vector file's JSON; aborts when it is unreadable (the fuzz build is broken, not the input).
inline sws::json::Value loadVector(const char *name) {
    QFile f(QStringLiteral(SWS_VECTORS_DIR "/") + QString::fromLatin1(name));
    if (!f.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "cannot read %s/%s\n", SWS_VECTORS_DIR, name);
        std::abort();
    }
    auto v = sws::json::parse(f.readAll(), {64 * 1024 * 1024, 64});
    if (!v) {
        std::fprintf(stderr, "%s is not JSON\n", name);
        std::abort();
    }
    return *v;
}

// A recorded handshake and the values inside its boxes.
struct Transcript {
    int version = 0;
    QByteArray serverPk, serverSk, clientPk, clientSk;
    std::optional<sws::cert::Certificate> ca, serverCert, clientCert;
    std::vector<QByteArray> text;         // ClientHello, ServerHello, ClientReady
    std::vector<QByteArray> serverFrames; // data frames sent by the server
    std::vector<QByteArray> clientFrames; // data frames sent by the client
    QByteArray nc, ns, ks, ncNew, kc;

    sws::BoxKeyPair server() const { return {serverPk, secret(serverSk)}; }
    sws::BoxKeyPair client() const { return {clientPk, secret(clientSk)}; }
};

inline QByteArray openBox(const QByteArray &theirPk, const QByteArray &mySk, const QByteArray &box,
                          const QByteArray &n8) {
    auto shared = sws::BoxShared::create(theirPk, secret(mySk));
    if (!shared)
        return {};
    auto plain = shared->open(box, u8(nonce3(n8)));
    return plain ? *plain : QByteArray();
}

inline QByteArray field(const sws::json::Value &msg, const char *key) {
    const sws::json::Value *v = msg.find(QString::fromLatin1(key));
    if (!v)
        return {};
    auto b = sws::json::arrayToBytes(*v);
    return b ? *b : QByteArray();
}

inline Transcript loadTranscript(const char *file) {
    using sws::json::Value;
    const Value v = loadVector(file);
    auto str = [&](const char *key) { return v.find(QString::fromLatin1(key))->toString(); };
    auto hex = [&](const char *key) { return QByteArray::fromHex(str(key).toLatin1()); };
    Transcript t;
    t.version = static_cast<int>(v.find(QStringLiteral("version"))->toNumber());
    t.serverPk = hex("server_public_key");
    t.serverSk = hex("server_secret_key");
    t.clientPk = hex("client_public_key");
    t.clientSk = hex("client_secret_key");
    for (const Value &w : v.find(QStringLiteral("wire"))->items()) {
        const bool fromClient =
            w.find(QStringLiteral("from"))->toString() == QLatin1String("client");
        const QByteArray data = w.find(QStringLiteral("data"))->toString().toUtf8();
        if (w.find(QStringLiteral("kind"))->toString() == QLatin1String("text"))
            t.text.push_back(data);
        else
            (fromClient ? t.clientFrames : t.serverFrames).push_back(QByteArray::fromHex(data));
    }
    FUZZ_CHECK(t.text.size() == 3);
    const Value ch = *sws::json::parse(t.text[0]), sh = *sws::json::parse(t.text[1]),
                cr = *sws::json::parse(t.text[2]);
    t.nc = field(ch, "nonce");
    const QByteArray sPlain = openBox(t.serverPk, t.clientSk, field(sh, "s_blackbox_a"), t.nc);
    FUZZ_CHECK(sPlain.size() >= 40);
    t.ns = sPlain.left(8);
    t.ks = sPlain.mid(8, 32);
    const QByteArray cPlain = openBox(t.clientPk, t.serverSk, field(cr, "s_blackbox_a"), t.ns);
    FUZZ_CHECK(cPlain.size() >= 40);
    t.ncNew = cPlain.left(8);
    t.kc = cPlain.mid(8, 32);
    if (t.version >= 2) {
        auto ca = sws::cert::Certificate::fromJson(*v.find(QStringLiteral("ca")));
        FUZZ_CHECK(ca.has_value());
        t.ca = *ca;
        const Value payload = *sws::json::parse(sPlain.mid(40));
        auto sc = sws::cert::Certificate::fromJson(*payload.find(QStringLiteral("cert")));
        FUZZ_CHECK(sc.has_value());
        t.serverCert = *sc;
        auto cc = sws::cert::Certificate::fromBytes(cPlain.mid(40));
        if (cc)
            t.clientCert = *cc;
    }
    return t;
}

// The text forms of the share keys a run has seen (hex, upper-case hex, the decimal list of a
// JSON byte array), so that an oracle can check that no error or close text carries one.
class SecretForms {
public:
    void add(const QByteArray &key) {
        if (key.size() != sws::kShareKeyBytes)
            return;
        m_forms.push_back(key.toHex());
        m_forms.push_back(key.toHex().toUpper());
        QByteArray decimal;
        for (qsizetype i = 0; i < key.size(); ++i)
            decimal += (i ? "," : "") + QByteArray::number(static_cast<unsigned char>(key[i]));
        m_forms.push_back(decimal);
    }

    void checkAbsentFrom(const QString &text) const {
        const QByteArray utf8 = text.toUtf8();
        for (const QByteArray &f : m_forms)
            FUZZ_CHECK(!utf8.contains(f));
    }

private:
    std::vector<QByteArray> m_forms;
};

// A source of randomness for HandshakeConfig::random and SessionCore's hooks: each recorded
// value in turn when a draw of its size comes (so that a recorded transcript replays), else a
// fixed pattern. `recorded` must outlive it.
inline std::function<void(unsigned char *, std::size_t)>
replayRandom(std::deque<QByteArray> *recorded) {
    return [recorded](unsigned char *p, std::size_t n) {
        if (!recorded->empty() && static_cast<std::size_t>(recorded->front().size()) == n) {
            std::memcpy(p, recorded->front().constData(), n);
            recorded->pop_front();
            return;
        }
        for (std::size_t i = 0; i < n; ++i)
            p[i] = static_cast<unsigned char>(0x5a ^ (i * 13));
    };
}

// The recorded transcripts of both versions, loaded on first use.
inline const Transcript &recordedTranscript(int version) {
    static const Transcript v1 = loadTranscript("handshake-v1.json");
    static const Transcript v2 = loadTranscript("handshake-v2.json");
    return version == 2 ? v2 : v1;
}

// One input of a harness whose Run is made from a recorded transcript and the configuration
// byte (the first byte; bit 1: version 2): start(), then `step` for each of at most maxSteps
// operations separated by "\n#\n", then `finish` when given.
template <typename Run>
int runInput(const uint8_t *data, size_t size, int maxSteps, void (Run::*step)(const QByteArray &),
             void (Run::*finish)() = nullptr) {
    if (size < 1)
        return 0;
    Run run(recordedTranscript(data[0] & 2 ? 2 : 1), data[0]);
    run.start();
    int n = 0;
    for (const QByteArray &op : splitMessages(bytesOf(data + 1, size - 1))) {
        if (++n > maxSteps)
            break;
        (run.*step)(op);
    }
    if (finish)
        (run.*finish)();
    return 0;
}

// A time inside the validity of every certificate in the vectors (they were signed in 2026 and
// expire in 2036 or later).
inline constexpr qint64 kFixedNowMs = 1800000000000LL;

} // namespace fuzz
