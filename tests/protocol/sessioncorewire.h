#pragma once
// Two SessionCores, client and server, wired to each other in memory: what one writes is what
// the other receives, in order, with no event loop. The wire models the parts of a WebSocket
// transport the cores rely on: the kernel taking written bytes (or not, when the peer stops
// reading), the close handshake (a close frame answered by the peer's transport) and aborts
// (both ends see the connection drop without a close frame).
#include "session/sessioncore.h"
#include "testpeers.h"

#include <deque>
#include <memory>

namespace sessioncoretest {

using namespace sws;
using Core = SessionCore;

struct Side {
    std::unique_ptr<Core> core;
    std::vector<Core::Action> log; // every action, in order
    QList<QByteArray> received;    // MessageReceived
    std::vector<Core::Error> errors;
    std::vector<FrameEvent> frames;
    std::optional<Core::Closed> closed;
    std::optional<Core::CloseTransport> closeSent;
    int aborts = 0;
    // The peer stopped reading: what this side writes stays unsent (not taken by the kernel).
    bool stalled = false;
    bool gone = false; // its transport has closed
    QList<QByteArray> writtenBinary;

    template <typename T> std::vector<T> all() const {
        std::vector<T> out;
        for (const Core::Action &a : log)
            if (const T *t = std::get_if<T>(&a))
                out.push_back(*t);
        return out;
    }
    // Event kinds in order, e.g. "StateChanged(Secured) Secured MessageReceived".
    QStringList events() const;
};

struct InFlight {
    enum Kind { Text, Binary, Close, CloseReply };
    InFlight(Kind k, int t, QByteArray d, quint16 c = 0, QString r = {})
        : kind(k)
        , to(t)
        , data(std::move(d))
        , code(c)
        , reason(std::move(r)) {}
    Kind kind;
    int to;
    QByteArray data;
    quint16 code;
    QString reason;
};

class Wire {
public:
    static constexpr int kClient = 0, kServer = 1;
    Side side[2];
    std::deque<InFlight> inFlight;
    std::deque<InFlight> stuck[2]; // written by a stalled side

    Wire(SessionConfig client, SessionConfig server) {
        side[kClient].core = std::make_unique<Core>(std::move(client), Role::Client);
        side[kServer].core = std::make_unique<Core>(std::move(server), Role::Server);
    }
    Core &client() { return *side[kClient].core; }
    Core &server() { return *side[kServer].core; }

    // Opens the connection (ws://localhost:port/path, peer addresses 127.0.0.1) without
    // delivering anything yet.
    void connect() {
        absorb(kClient, client().open(QUrl(QStringLiteral("ws://localhost:4433/chat"))));
        absorb(kServer, server().connected(QHostAddress(QHostAddress::LocalHost)));
        absorb(kClient, client().connected(QHostAddress(QHostAddress::LocalHost)));
    }
    // connect() and deliver until nothing is in flight.
    void run() {
        connect();
        pump();
    }

    Core::Output call(int s, Core::Output o) {
        absorb(s, o);
        return o;
    }
    qint64 send(int s, const QByteArray &m) { return call(s, side[s].core->send(m)).accepted; }
    void fire(int s, Core::Timer t) { absorb(s, side[s].core->timerFired(t)); }

    // Delivers one frame in flight; false when none is left.
    bool step() {
        if (inFlight.empty())
            return false;
        InFlight f = std::move(inFlight.front());
        inFlight.pop_front();
        Side &to = side[f.to];
        if (to.gone)
            return true;
        Core &c = *to.core;
        switch (f.kind) {
        case InFlight::Text:
            absorb(f.to, c.textReceived(f.data));
            break;
        case InFlight::Binary:
            absorb(f.to, c.binaryReceived(f.data));
            break;
        case InFlight::Close:
            // The transport answers a close frame by itself (unless it sent its own), then
            // reports the connection closed with the peer's code.
            if (!to.closeSent)
                inFlight.push_back({InFlight::CloseReply, 1 - f.to, {}, f.code, f.reason});
            transportClosed(f.to, Core::TransportClosed{f.code, f.reason, {}});
            break;
        case InFlight::CloseReply:
            transportClosed(f.to, Core::TransportClosed{f.code, f.reason, {}});
            break;
        }
        return true;
    }
    void pump() {
        for (int i = 0; i < 100000 && step(); ++i) {
        }
    }

    // The kernel takes what a stalled side wrote: it goes on the wire.
    void resume(int s) {
        side[s].stalled = false;
        while (!stuck[s].empty()) {
            take(s, std::move(stuck[s].front()));
            stuck[s].pop_front();
        }
    }

    void transportClosed(int s, const Core::TransportClosed &how) {
        if (side[s].gone)
            return;
        side[s].gone = true;
        absorb(s, side[s].core->transportClosed(how));
    }

    void absorb(int s, const Core::Output &o);

private:
    void write(int s, InFlight f) {
        if (side[s].stalled)
            stuck[s].push_back(std::move(f));
        else
            take(s, std::move(f));
    }
    void take(int s, InFlight f) {
        if (f.kind == InFlight::Text || f.kind == InFlight::Binary)
            side[s].core->bytesWritten(Core::wireBytes(f.data.size(), side[s].core->role()));
        inFlight.push_back(std::move(f));
    }
};

inline void Wire::absorb(int s, const Core::Output &o) {
    Side &me = side[s];
    for (const Core::Action &a : o.actions) {
        me.log.push_back(a);
        if (auto *t = std::get_if<Core::WriteText>(&a)) {
            write(s, {InFlight::Text, 1 - s, t->utf8});
        } else if (auto *b = std::get_if<Core::WriteBinary>(&a)) {
            me.writtenBinary << b->data;
            write(s, {InFlight::Binary, 1 - s, b->data});
        } else if (auto *c = std::get_if<Core::CloseTransport>(&a)) {
            me.closeSent = *c;
            write(s, {InFlight::Close, 1 - s, {}, c->code, c->reason});
        } else if (std::get_if<Core::AbortTransport>(&a)) {
            ++me.aborts;
            // Both ends see the connection drop, without a close frame.
            transportClosed(s, Core::TransportClosed{});
            transportClosed(1 - s, Core::TransportClosed{});
        } else if (auto *m = std::get_if<Core::MessageReceived>(&a)) {
            me.received << m->message;
        } else if (auto *e = std::get_if<Core::Error>(&a)) {
            me.errors.push_back(*e);
        } else if (auto *f = std::get_if<Core::Frame>(&a)) {
            me.frames.push_back(f->frame);
        } else if (auto *cl = std::get_if<Core::Closed>(&a)) {
            me.closed = *cl;
        }
    }
}

inline QStringList Side::events() const {
    QStringList out;
    for (const Core::Action &a : log) {
        if (auto *s = std::get_if<Core::StateChanged>(&a))
            out << QStringLiteral("StateChanged(%1)").arg(sessionStateName(s->state));
        else if (auto *h = std::get_if<Core::HandshakeMessage>(&a))
            out << (h->record.direction == HandshakeRecord::Direction::Sent
                        ? QStringLiteral("Sent ")
                        : QStringLiteral("Received ")) +
                       handshakeStepName(h->record.step);
        else if (std::holds_alternative<Core::PeerCertificateChecked>(a))
            out << QStringLiteral("PeerCertificateChecked");
        else if (std::holds_alternative<Core::PeerApprovalRequired>(a))
            out << QStringLiteral("PeerApprovalRequired");
        else if (std::holds_alternative<Core::Secured>(a))
            out << QStringLiteral("Secured");
        else if (std::holds_alternative<Core::MessageReceived>(a))
            out << QStringLiteral("MessageReceived");
        else if (auto *e = std::get_if<Core::Error>(&a))
            out << QStringLiteral("Error(%1)").arg(sessionErrorName(e->error));
        else if (auto *c = std::get_if<Core::Closed>(&a))
            out << QStringLiteral("Closed(%1)").arg(c->code);
    }
    return out;
}

// ---- Helpers of tst_sessioncore -----------------------------------------------------------

// A pin check with a fixed answer.
struct Fixed : PeerVerifier {
    Decision decision;
    SessionError error;
    int calls = 0;
    Fixed(Decision d, SessionError e = SessionError::None)
        : decision(d)
        , error(e) {}
    Result verify(const PeerIdentity &) override {
        ++calls;
        return {decision, error, QStringLiteral("pin says no")};
    }
};

// Client and server configurations: v1 with fresh keys, or v2 with certificates.
struct Configs {
    SessionConfig client, server;
};
inline Configs configs(int version, bool requireCert = false) {
    static const testpeers::Pki pki = testpeers::makePki();
    Configs c{testpeers::clientConfig(version, version >= 2 ? &pki : nullptr),
              testpeers::serverConfig(version, version >= 2 ? &pki : nullptr, requireCert).session};
    return c;
}

// A wire whose sessions are secured, the server's first-frame hold ended by a first client
// frame ("hello", already delivered), so data flows both ways at once.
inline std::unique_ptr<Wire> flowing(SessionConfig client, SessionConfig server) {
    auto w = std::make_unique<Wire>(std::move(client), std::move(server));
    w->run();
    if (w->client().state() != Core::State::Secured || w->server().state() != Core::State::Secured)
        return nullptr;
    w->send(Wire::kClient, "hello");
    w->pump();
    return w;
}

inline QByteArray flipped(QByteArray b, qsizetype at) {
    b[at] = static_cast<char>(b[at] ^ 1);
    return b;
}

} // namespace sessioncoretest
