// chat::Conversation (docs/protocol.md, Extensions and chat-ack/1) without sockets: the envelope
// codec, and the sequencing driven through two conversations joined by in-memory wires that a test
// cuts at will (in order, duplicates, gaps, resend, acknowledgements, restarts, limits).
#include "chat/chatconversation.h"
#include "chattestutil.h"
#include "testutil.h"

#include <QRandomGenerator>
#include <QTest>

#include <deque>
#include <map>
#include <memory>

using namespace sws;
using namespace testutil;
using chat::Conversation;
using chat::Envelope;
using chat::Link;
using chat::MessageState;
using chattest::completeTranscript;
using chattest::msg;

namespace {

// One side of an in-memory pair: what it delivered and every state it reported.
struct Side {
    Conversation conv;
    QList<std::pair<quint64, QByteArray>> received;
    std::map<quint64, QList<MessageState>> states;

    explicit Side(chat::Limits limits = {}, quint64 stream = 0)
        : conv(limits, stream) {}
    void take(Conversation::Output &out, std::deque<QByteArray> &wire) {
        for (QByteArray &m : out.send)
            wire.push_back(m);
        for (auto &d : out.delivered)
            received.append({d.id, d.payload});
        for (auto &s : out.states)
            states[s.id].append(s.state);
    }
    // Records what out reports (its messages are the caller's to route) and returns it.
    Conversation::Output record(Conversation::Output out) {
        std::deque<QByteArray> ignored;
        Conversation::Output copy = out;
        take(copy, ignored);
        return out;
    }
    MessageState last(quint64 id) const {
        auto it = states.find(id);
        return it == states.end() || it->second.isEmpty() ? MessageState::Queued
                                                          : it->second.last();
    }
};

// Two conversations joined by two in-memory wires; a cut loses whatever is on them.
struct Pair {
    std::unique_ptr<Side> a, b;
    std::deque<QByteArray> ab, ba; // a → b, b → a

    explicit Pair(chat::Limits la = {}, chat::Limits lb = {})
        : a(std::make_unique<Side>(la))
        , b(std::make_unique<Side>(lb)) {}

    void attach(bool reliable = true) {
        ab.clear();
        ba.clear();
        auto oa = a->conv.attach(reliable);
        a->take(oa, ab);
        auto ob = b->conv.attach(reliable);
        b->take(ob, ba);
    }
    void cut() {
        a->conv.detach();
        b->conv.detach();
        ab.clear();
        ba.clear();
    }
    quint64 sendA(const QByteArray &p) { return send(*a, ab, p); }
    quint64 sendB(const QByteArray &p) { return send(*b, ba, p); }
    static quint64 send(Side &s, std::deque<QByteArray> &wire, const QByteArray &p) {
        Conversation::Output out;
        const quint64 id = s.conv.enqueue(p, out);
        s.take(out, wire);
        return id;
    }
    void toB(const QByteArray &m) {
        auto o = b->conv.receive(m);
        b->take(o, ba);
    }
    void toA(const QByteArray &m) {
        auto o = a->conv.receive(m);
        a->take(o, ab);
    }
    // Delivers up to `limit` frames (all when negative), flushing both sides whenever the
    // wires run dry, as the event loop would.
    void pump(int limit = -1) {
        int n = 0;
        while (limit < 0 || n < limit) {
            if (ab.empty() && ba.empty()) {
                auto fa = a->conv.flush();
                a->take(fa, ab);
                auto fb = b->conv.flush();
                b->take(fb, ba);
                if (ab.empty() && ba.empty())
                    return;
            }
            if (!ab.empty()) {
                const QByteArray m = ab.front();
                ab.pop_front();
                toB(m);
                ++n;
            }
            if (!ba.empty() && (limit < 0 || n < limit)) {
                const QByteArray m = ba.front();
                ba.pop_front();
                toA(m);
                ++n;
            }
        }
    }
};
} // namespace

class tst_ChatConversation : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // Envelope codec.
    void envelopeEncodes_data();
    void envelopeEncodes();
    void envelopeRefusesMalformed_data();
    void envelopeRefusesMalformed();

    // Sequencing, without sockets.
    void deliversInOrderAndAcknowledges();
    void dropsDuplicates();
    void neverDeliversOutOfOrder();
    void resendsAfterReconnect();
    void lostAcknowledgementsNeedNoResend();
    void acknowledgesEveryNDeliveries();
    void dataBeforeResumeIsDropped();
    void bogusAcknowledgementIsIgnored();
    void outboxLimitsFailMessages();
    void giveUpFailsPendingAndPeerSkipsThem();
    void peerStartingAfreshIsHeardFromOne();
    void receiverStartingAfreshGetsWhatIsPending();
    void plainLinkPassesBytesThrough();
    void randomCutsKeepTranscripts();
    // Snapshot and restore (a restarted program).
    void snapshotRestoresTheSameConversation();
    void restoredSenderResendsOnlyWhatIsUnacknowledged();
    void restoredReceiverSkipsWhatItDelivered();
    void restoreRefusesInconsistentSnapshots();
};

// ---- Envelope codec ----------------------------------------------------------------------

void tst_ChatConversation::envelopeEncodes_data() {
    QTest::addColumn<int>("type");
    QTest::addColumn<quint64>("seq");
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<quint64>("stream");
    QTest::addColumn<quint64>("peerStream");
    QTest::addColumn<quint64>("next");
    QTest::addColumn<QByteArray>("wire");
    QTest::newRow("DATA") << 1 << quint64(1) << QByteArray("hi") << quint64(0) << quint64(0)
                          << quint64(0) << hex("0100000000000000016869");
    QTest::newRow("DATA empty, big seq")
        << 1 << quint64(0x0102030405060708ULL) << QByteArray() << quint64(0) << quint64(0)
        << quint64(0) << hex("010102030405060708");
    QTest::newRow("ACK") << 2 << quint64(0xfffffffffffffffeULL) << QByteArray() << quint64(0)
                         << quint64(0) << quint64(0) << hex("02fffffffffffffffe");
    QTest::newRow("ACK of nothing") << 2 << quint64(0) << QByteArray() << quint64(0) << quint64(0)
                                    << quint64(0) << hex("020000000000000000");
    QTest::newRow("RESUME") << 3 << quint64(7) << QByteArray() << quint64(0x1112131415161718ULL)
                            << quint64(0x2122232425262728ULL) << quint64(5)
                            << hex("03000000000000000711121314151617182122232425262728"
                                   "0000000000000005");
    QTest::newRow("RESUME, first contact")
        << 3 << quint64(0) << QByteArray() << quint64(9) << quint64(0) << quint64(1)
        << hex("03000000000000000000000000000000090000000000000000"
               "0000000000000001");
}

void tst_ChatConversation::envelopeEncodes() {
    QFETCH(int, type);
    QFETCH(quint64, seq);
    QFETCH(QByteArray, payload);
    QFETCH(quint64, stream);
    QFETCH(quint64, peerStream);
    QFETCH(quint64, next);
    QFETCH(QByteArray, wire);
    Envelope e;
    e.type = static_cast<Envelope::Type>(type);
    e.seq = seq;
    e.payload = payload;
    e.stream = stream;
    e.peerStream = peerStream;
    e.next = next;
    QCOMPARE(chat::encode(e).toHex(), wire.toHex());
    const auto d = chat::decode(wire);
    QVERIFY(d);
    QCOMPARE(static_cast<int>(d->type), type);
    QCOMPARE(d->seq, seq);
    QCOMPARE(d->payload, payload);
    QCOMPARE(d->stream, stream);
    QCOMPARE(d->peerStream, peerStream);
    QCOMPARE(d->next, next);
}

void tst_ChatConversation::envelopeRefusesMalformed_data() {
    QTest::addColumn<QByteArray>("wire");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("type only") << hex("01");
    QTest::newRow("short seq") << hex("0100000000000001");
    QTest::newRow("DATA seq 0") << hex("01000000000000000068");
    QTest::newRow("ACK with a byte more") << hex("02000000000000000100");
    QTest::newRow("RESUME short")
        << hex("030000000000000000000000000000000900000000000000000000000000000001").left(32);
    QTest::newRow("RESUME long") << hex(
        "03000000000000000000000000000000090000000000000000000000000000000100");
    QTest::newRow("RESUME stream 0")
        << hex("030000000000000000000000000000000000000000000000000000000000000001");
    QTest::newRow("RESUME next 0")
        << hex("030000000000000000000000000000000900000000000000000000000000000000");
    QTest::newRow("type 0") << hex("000000000000000001");
    QTest::newRow("type 4") << hex("040000000000000001");
    QTest::newRow("type 0xff") << hex("ff0000000000000001");
    QTest::newRow("plain text") << QByteArray("hello, plain world");
}

void tst_ChatConversation::envelopeRefusesMalformed() {
    QFETCH(QByteArray, wire);
    QVERIFY(!chat::decode(wire));
}

// ---- Sequencing ----------------------------------------------------------------------------

void tst_ChatConversation::deliversInOrderAndAcknowledges() {
    Pair p;
    p.attach();
    QCOMPARE(p.a->conv.link(), Link::Resuming);
    for (int i = 1; i <= 3; ++i)
        QCOMPARE(p.sendA(msg("a", i)), quint64(i));
    QCOMPARE(p.sendB(msg("b", 1)), quint64(1));
    p.pump();
    QCOMPARE(p.a->conv.link(), Link::Reliable);
    QCOMPARE(p.b->received.size(), 3);
    for (int i = 1; i <= 3; ++i) {
        QCOMPARE(p.b->received.at(i - 1), std::make_pair(quint64(i), msg("a", i)));
        QCOMPARE(p.a->states[i], (QList<MessageState>{MessageState::Queued, MessageState::Sent,
                                                      MessageState::Delivered}));
    }
    QCOMPARE(p.a->received, (QList<std::pair<quint64, QByteArray>>{{1, msg("b", 1)}}));
    QCOMPARE(p.b->states[1].last(), MessageState::Delivered);
    QCOMPARE(p.a->conv.outboxMessages(), 0);
    QCOMPARE(p.a->conv.outboxBytes(), 0);
    QCOMPARE(p.b->conv.deliveredUpTo(), quint64(3));
    QCOMPARE(p.b->conv.peerStream(), p.a->conv.stream());
    QVERIFY(!p.a->conv.pendingState(1));
}

void tst_ChatConversation::dropsDuplicates() {
    Pair p;
    p.attach();
    p.pump();
    p.sendA(msg("a", 1));
    p.sendA(msg("a", 2));
    auto out = p.a->record(p.a->conv.flush());
    QCOMPARE(out.send.size(), std::size_t(2));
    const QByteArray first = out.send[0];
    for (int round = 0; round < 3; ++round) // delivered once, then twice more
        p.toB(first);
    p.toB(out.send[1]);
    p.toB(first);
    QCOMPARE(p.b->received.size(), 2);
    QCOMPARE(p.b->received.at(0).first, quint64(1));
    QCOMPARE(p.b->received.at(1).first, quint64(2));
    QCOMPARE(p.b->conv.stats().duplicates, quint64(3));
    QVERIFY(p.b->conv.ackDue()); // so that a sender that missed an ack hears it
    auto ack = p.b->record(p.b->conv.flush());
    QCOMPARE(ack.send.size(), std::size_t(1));
    QCOMPARE(ack.send[0].toHex(), hex("020000000000000002").toHex());
}

void tst_ChatConversation::neverDeliversOutOfOrder() {
    Pair p;
    p.attach();
    p.pump();
    for (int i = 1; i <= 3; ++i)
        p.sendA(msg("a", i));
    auto out = p.a->record(p.a->conv.flush());
    QCOMPARE(out.send.size(), std::size_t(3));
    p.toB(out.send[0]);
    p.toB(out.send[2]); // 3 before 2: dropped, not held
    QCOMPARE(p.b->received.size(), 1);
    QCOMPARE(p.b->conv.stats().outOfOrder, quint64(1));
    p.toB(out.send[1]);
    QCOMPARE(p.b->received.size(), 2);
    QCOMPARE(p.b->received.at(1).first, quint64(2));
    // 3 comes again after a reconnect, since it was never acknowledged.
    p.ba.clear();
    p.cut();
    p.attach();
    p.pump();
    QCOMPARE(p.b->received.size(), 3);
    QCOMPARE(p.b->received.at(2), std::make_pair(quint64(3), msg("a", 3)));
    QCOMPARE(p.a->last(3), MessageState::Delivered);
    QCOMPARE(p.a->conv.stats().resent, quint64(1)); // only 3: 1 and 2 were delivered
}

void tst_ChatConversation::resendsAfterReconnect() {
    Pair p;
    p.attach();
    p.pump();
    for (int i = 1; i <= 5; ++i)
        p.sendA(msg("a", i));
    auto out = p.a->record(p.a->conv.flush()); // on the wire, then lost with the connection
    QCOMPARE(out.send.size(), std::size_t(5));
    for (int i = 1; i <= 5; ++i)
        QCOMPARE(p.a->last(i), MessageState::Sent);
    p.cut();
    p.sendA(msg("a", 6)); // written while detached
    QCOMPARE(p.a->record(p.a->conv.flush()).send.size(), std::size_t(0));
    QVERIFY(p.a->conv.pendingState(6) == MessageState::Queued);
    p.attach();
    p.pump();
    QByteArray why;
    QVERIFY2(completeTranscript(p.b->received, "a", 6, &why), why.constData());
    QCOMPARE(p.a->conv.stats().resent, quint64(5));
    for (int i = 1; i <= 6; ++i)
        QCOMPARE(p.a->states[i], (QList<MessageState>{MessageState::Queued, MessageState::Sent,
                                                      MessageState::Delivered}));
}

void tst_ChatConversation::lostAcknowledgementsNeedNoResend() {
    chat::Limits noInlineAcks;
    noInlineAcks.ackEvery = 1000;
    Pair p(noInlineAcks, noInlineAcks);
    p.attach();
    p.pump();
    for (int i = 1; i <= 4; ++i)
        p.sendA(msg("a", i));
    for (const QByteArray &m : p.a->record(p.a->conv.flush()).send)
        p.toB(m);
    QCOMPARE(p.b->received.size(), 4);
    QVERIFY(p.b->conv.ackDue());
    p.cut(); // the acknowledgement never left
    QCOMPARE(p.a->last(4), MessageState::Sent);
    p.attach();
    p.pump();
    // B's RESUME says it has all four: they are delivered, none is sent again.
    for (int i = 1; i <= 4; ++i)
        QCOMPARE(p.a->last(i), MessageState::Delivered);
    QCOMPARE(p.a->conv.stats().resent, quint64(0));
    QCOMPARE(p.b->received.size(), 4);
}

void tst_ChatConversation::acknowledgesEveryNDeliveries() {
    chat::Limits l;
    l.ackEvery = 4;
    Pair p(l, l);
    p.attach();
    p.pump();
    for (int i = 1; i <= 10; ++i)
        p.sendA(msg("a", i));
    int acks = 0;
    for (const QByteArray &m : p.a->record(p.a->conv.flush()).send) {
        auto out = p.b->conv.receive(m);
        for (const QByteArray &reply : out.send) {
            const auto e = chat::decode(reply);
            QVERIFY(e && e->type == Envelope::Type::Ack);
            QCOMPARE(e->seq, quint64(4 * ++acks));
        }
    }
    QCOMPARE(acks, 2);
    QVERIFY(p.b->conv.ackDue()); // 9 and 10 wait for the flush
}

void tst_ChatConversation::dataBeforeResumeIsDropped() {
    Pair p;
    p.attach();
    // B has not seen A's RESUME: A's DATA would be out of protocol.
    Envelope e;
    e.type = Envelope::Type::Data;
    e.seq = 1;
    e.payload = "early";
    p.toB(chat::encode(e));
    QVERIFY(p.b->received.isEmpty());
    QCOMPARE(p.b->conv.stats().malformed, quint64(1));
    p.toB("\x01"); // unreadable
    QCOMPARE(p.b->conv.stats().malformed, quint64(2));
    QCOMPARE(p.b->conv.link(), Link::Resuming);
    p.pump();
    QCOMPARE(p.b->conv.link(), Link::Reliable);
}

void tst_ChatConversation::bogusAcknowledgementIsIgnored() {
    Pair p;
    p.attach();
    p.pump();
    p.sendA(msg("a", 1));
    (void)p.a->record(p.a->conv.flush());
    Envelope ack;
    ack.type = Envelope::Type::Ack;
    ack.seq = 2; // never sent
    p.toA(chat::encode(ack));
    QCOMPARE(p.a->last(1), MessageState::Sent);
    QCOMPARE(p.a->conv.stats().malformed, quint64(1));
}

void tst_ChatConversation::outboxLimitsFailMessages() {
    chat::Limits l;
    l.maxOutboxMessages = 3;
    l.maxOutboxBytes = 1000;
    l.maxPayloadBytes = 600;
    Pair p(l);
    for (int i = 1; i <= 3; ++i)
        QCOMPARE(p.sendA(msg("a", i)), quint64(i));
    QCOMPARE(p.sendA("fourth"), quint64(4));
    QCOMPARE(p.a->states[4], QList<MessageState>{MessageState::Failed});
    QVERIFY(!p.a->conv.pendingState(4));
    p.attach();
    p.pump();
    // Room again: too big (payload limit), then too much (byte limit), then fine.
    QCOMPARE(p.sendA(QByteArray(601, 'x')), quint64(5));
    QCOMPARE(p.a->last(5), MessageState::Failed);
    p.cut();
    QCOMPARE(p.sendA(QByteArray(600, 'y')), quint64(6));
    QCOMPARE(p.sendA(QByteArray(500, 'z')), quint64(7));
    QCOMPARE(p.a->last(6), MessageState::Queued);
    QCOMPARE(p.a->last(7), MessageState::Failed);
    QCOMPARE(p.a->conv.outboxBytes(), qint64(600));
    p.attach();
    p.pump();
    // Refused messages took no place in the stream: the peer saw 1, 2, 3, 4 without a gap.
    QCOMPARE(p.b->received.size(), 4);
    for (int i = 0; i < 4; ++i)
        QCOMPARE(p.b->received.at(i).first, quint64(i + 1));
    QCOMPARE(p.b->received.at(3).second, QByteArray(600, 'y'));
    QCOMPARE(p.a->last(6), MessageState::Delivered);
}

void tst_ChatConversation::giveUpFailsPendingAndPeerSkipsThem() {
    Pair p;
    p.attach();
    p.pump();
    p.sendA(msg("a", 1));
    p.pump();
    p.cut();
    for (int i = 2; i <= 4; ++i)
        p.sendA(msg("a", i));
    (void)p.a->record(p.a->conv.flush()); // detached: nothing goes
    const auto out = p.a->record(p.a->conv.giveUp());
    QVERIFY(out.send.empty()); // detached: the next RESUME tells the peer
    QCOMPARE(out.states.size(), std::size_t(3));
    for (int i = 2; i <= 4; ++i)
        QCOMPARE(p.a->states[i].last(), MessageState::Failed);
    QCOMPARE(p.a->conv.outboxMessages(), 0);
    QCOMPARE(p.sendA(msg("a", 5)), quint64(5));
    p.attach();
    p.pump();
    QCOMPARE(p.b->received.size(), 2);
    QCOMPARE(p.b->received.at(1), std::make_pair(quint64(5), msg("a", 5)));
    QCOMPARE(p.a->last(5), MessageState::Delivered);

    // While connected: the RESUME goes at once and the peer moves past them.
    for (const QByteArray &m : {msg("a", 6), msg("a", 7)}) {
        Conversation::Output o;
        p.a->conv.enqueue(m, o);
    }
    const auto live = p.a->record(p.a->conv.giveUp());
    QCOMPARE(live.send.size(), std::size_t(1));
    QCOMPARE(chat::decode(live.send[0])->type, Envelope::Type::Resume);
    QCOMPARE(chat::decode(live.send[0])->next, quint64(8));
    p.toB(live.send[0]);
    QCOMPARE(p.b->conv.deliveredUpTo(), quint64(7));
    p.sendA(msg("a", 8));
    p.pump();
    QCOMPARE(p.b->received.last(), std::make_pair(quint64(8), msg("a", 8)));
}

void tst_ChatConversation::peerStartingAfreshIsHeardFromOne() {
    Pair p;
    p.attach();
    p.pump();
    for (int i = 1; i <= 3; ++i)
        p.sendB(msg("b", i));
    p.pump();
    QCOMPARE(p.a->received.size(), 3);
    p.cut();
    const quint64 oldStream = p.b->conv.stream();
    p.b = std::make_unique<Side>(); // B restarts: new stream, ids from 1 again
    QVERIFY(p.b->conv.stream() != oldStream);
    p.sendB("again 1");
    p.sendB("again 2");
    p.attach();
    p.pump();
    QCOMPARE(p.a->received.size(), 5);
    QCOMPARE(p.a->received.at(3), std::make_pair(quint64(1), QByteArray("again 1")));
    QCOMPARE(p.a->received.at(4), std::make_pair(quint64(2), QByteArray("again 2")));
    QCOMPARE(p.a->conv.peerStream(), p.b->conv.stream());
}

void tst_ChatConversation::receiverStartingAfreshGetsWhatIsPending() {
    chat::Limits noInlineAcks;
    noInlineAcks.ackEvery = 1000;
    Pair p(noInlineAcks, noInlineAcks);
    p.attach();
    p.pump();
    for (int i = 1; i <= 3; ++i)
        p.sendA(msg("a", i));
    p.pump(); // 1..3 delivered and acknowledged
    QCOMPARE(p.a->last(3), MessageState::Delivered);
    for (int i = 4; i <= 6; ++i)
        p.sendA(msg("a", i));
    (void)p.a->record(p.a->conv.flush()); // lost
    p.cut();
    p.b = std::make_unique<Side>(noInlineAcks); // B restarts knowing nothing
    p.attach();
    p.pump();
    // B starts at A's `next` (4): it gets 4..6 and does not wait for 1..3.
    QCOMPARE(p.b->received.size(), 3);
    QCOMPARE(p.b->received.at(0), std::make_pair(quint64(4), msg("a", 4)));
    QCOMPARE(p.b->received.at(2), std::make_pair(quint64(6), msg("a", 6)));
    QCOMPARE(p.a->last(6), MessageState::Delivered);
}

void tst_ChatConversation::plainLinkPassesBytesThrough() {
    Side a;
    Conversation::Output out;
    QCOMPARE(a.conv.enqueue("queued before", out), quint64(1));
    auto att = a.conv.attach(false);
    QCOMPARE(a.conv.link(), Link::Plain);
    QCOMPARE(att.send.size(), std::size_t(1));
    QCOMPARE(att.send[0], QByteArray("queued before"));
    QCOMPARE(att.states.size(), std::size_t(1));
    QCOMPARE(att.states[0].state, MessageState::Sent);
    a.conv.enqueue("\x01\x00\x00\x00\x00\x00\x00\x00\x01x", out); // looks like DATA, sent as is
    const auto flushed = a.conv.flush();
    QCOMPARE(flushed.send.size(), std::size_t(1));
    QCOMPARE(flushed.send[0], QByteArray("\x01\x00\x00\x00\x00\x00\x00\x00\x01x"));
    QCOMPARE(a.conv.outboxMessages(), 0); // nothing kept: a plain peer never acknowledges
    const auto in = a.conv.receive(hex("020000000000000001"));
    QCOMPARE(in.delivered.size(), std::size_t(1));
    QCOMPARE(in.delivered[0].id, quint64(0));
    QCOMPARE(in.delivered[0].payload, hex("020000000000000001"));
    QVERIFY(in.send.empty());
}

// Many cuts at random points (including mid-resume), both directions, 2,000 messages each.
void tst_ChatConversation::randomCutsKeepTranscripts() {
    QRandomGenerator rng(7);
    chat::Limits l;
    l.ackEvery = 8;
    Pair p(l, l);
    const quint64 n = 2000;
    quint64 sentA = 0, sentB = 0;
    int cuts = 0;
    while ((p.b->received.size() < qsizetype(n) || p.a->received.size() < qsizetype(n) ||
            p.a->conv.outboxMessages() || p.b->conv.outboxMessages()) &&
           cuts < 5000) {
        p.attach();
        for (int k = int(rng.bounded(30)); k > 0 && sentA < n; --k)
            p.sendA(msg("a", ++sentA));
        for (int k = int(rng.bounded(30)); k > 0 && sentB < n; --k)
            p.sendB(msg("b", ++sentB));
        p.pump(int(rng.bounded(60)));
        p.cut();
        ++cuts;
    }
    p.attach();
    p.pump();
    QByteArray why;
    QVERIFY2(completeTranscript(p.b->received, "a", n, &why), why.constData());
    QVERIFY2(completeTranscript(p.a->received, "b", n, &why), why.constData());
    for (quint64 i = 1; i <= n; ++i) {
        QCOMPARE(p.a->last(i), MessageState::Delivered);
        QCOMPARE(p.b->last(i), MessageState::Delivered);
    }
    QVERIFY(p.a->conv.stats().resent > 0 && p.b->conv.stats().resent > 0);
    QVERIFY(cuts > 100);
}

void tst_ChatConversation::snapshotRestoresTheSameConversation() {
    Pair p;
    p.attach();
    p.pump();
    p.sendA(msg("a", 1));
    p.pump();
    p.sendB(msg("b", 1));
    p.pump();
    p.sendA(msg("a", 2));
    (void)p.a->record(p.a->conv.flush()); // Sent, not acknowledged
    p.sendA(msg("a", 3));                 // Queued
    const Conversation::Snapshot s = p.a->conv.snapshot();
    QCOMPARE(s.stream, p.a->conv.stream());
    QCOMPARE(s.nextId, quint64(4));
    QCOMPARE(s.nextSeq, quint64(4));
    QCOMPARE(s.peerStream, p.b->conv.stream());
    QCOMPARE(s.deliveredUpTo, quint64(1));
    QCOMPARE(s.outbox.size(), std::size_t(2));
    QCOMPARE(s.outbox.at(0).id, quint64(2));
    QCOMPARE(s.outbox.at(0).payload, msg("a", 2));
    QCOMPARE(s.outbox.at(0).state, MessageState::Sent);
    QCOMPARE(s.outbox.at(1).state, MessageState::Queued);
    const auto r = Conversation::restore(s);
    QVERIFY(r);
    QCOMPARE(r->link(), Link::Detached);
    QCOMPARE(r->stream(), s.stream);
    QCOMPARE(r->peerStream(), s.peerStream);
    QCOMPARE(r->deliveredUpTo(), quint64(1));
    QCOMPARE(r->outboxMessages(), 2);
    QCOMPARE(r->outboxBytes(), qint64(msg("a", 2).size() + msg("a", 3).size()));
    QVERIFY(r->pendingState(2) == MessageState::Sent);
    QCOMPARE(r->pending(3)->seq, quint64(3));
    // The next message goes on in the same stream.
    Conversation c = *r;
    Conversation::Output out;
    QCOMPARE(c.enqueue(msg("a", 4), out), quint64(4));
    QCOMPARE(c.pending(4)->seq, quint64(4));
}

void tst_ChatConversation::restoredSenderResendsOnlyWhatIsUnacknowledged() {
    chat::Limits noInlineAcks;
    noInlineAcks.ackEvery = 1000;
    Pair p(noInlineAcks, noInlineAcks);
    p.attach();
    p.pump();
    for (int i = 1; i <= 3; ++i)
        p.sendA(msg("a", i));
    p.pump(); // 1..3 delivered and acknowledged
    for (int i = 4; i <= 5; ++i)
        p.sendA(msg("a", i));
    // 4 and 5 reach B, but its acknowledgement is lost with A's process.
    auto out = p.a->conv.flush();
    for (const QByteArray &m : out.send)
        p.toB(m);
    p.ba.clear();
    for (int i = 6; i <= 7; ++i)
        p.sendA(msg("a", i)); // written while the session was going: never sent
    const Conversation::Snapshot s = p.a->conv.snapshot();
    p.cut();
    auto restored = Conversation::restore(s, noInlineAcks);
    QVERIFY(restored);
    p.a = std::make_unique<Side>(noInlineAcks);
    p.a->conv = std::move(*restored);
    p.attach();
    p.pump();
    // B got each message exactly once, in order: the restored A kept its stream, so B's
    // RESUME acknowledges 4 and 5 and only 6 and 7 go out; all are acknowledged.
    QByteArray why;
    QVERIFY2(completeTranscript(p.b->received, "a", 7, &why), why.constData());
    QCOMPARE(p.b->conv.stats().duplicates, quint64(0));
    QCOMPARE(p.a->conv.stats().resent, quint64(0));
    for (int i = 4; i <= 7; ++i)
        QCOMPARE(p.a->last(i), MessageState::Delivered);
    QCOMPARE(p.a->conv.outboxMessages(), 0);
}

void tst_ChatConversation::restoredReceiverSkipsWhatItDelivered() {
    chat::Limits noInlineAcks;
    noInlineAcks.ackEvery = 1000;
    Pair p(noInlineAcks, noInlineAcks);
    p.attach();
    p.pump();
    for (int i = 1; i <= 4; ++i)
        p.sendA(msg("a", i));
    // B delivers all four, then dies before its acknowledgement leaves.
    auto out = p.a->conv.flush();
    for (const QByteArray &m : out.send)
        p.toB(m);
    QCOMPARE(p.b->received.size(), 4);
    const Conversation::Snapshot s = p.b->conv.snapshot();
    p.cut();
    auto restored = Conversation::restore(s, noInlineAcks);
    QVERIFY(restored);
    p.b = std::make_unique<Side>(noInlineAcks);
    p.b->conv = std::move(*restored);
    p.sendA(msg("a", 5));
    p.attach();
    p.pump();
    // The restarted B delivers only 5: its RESUME tells A that 1..4 are in.
    QCOMPARE(p.b->received.size(), 1);
    QCOMPARE(p.b->received.at(0), std::make_pair(quint64(5), msg("a", 5)));
    QCOMPARE(p.b->conv.stats().duplicates, quint64(0));
    QCOMPARE(p.a->conv.stats().resent, quint64(0));
    QCOMPARE(p.a->last(5), MessageState::Delivered);
}

void tst_ChatConversation::restoreRefusesInconsistentSnapshots() {
    Conversation::Snapshot good;
    good.stream = 7;
    good.nextId = 3;
    good.nextSeq = 3;
    good.outbox = {{1, 1, "x", MessageState::Sent}, {2, 2, "y", MessageState::Queued}};
    QVERIFY(Conversation::restore(good));
    auto bad = good;
    bad.stream = 0;
    QVERIFY(!Conversation::restore(bad));
    bad = good;
    std::swap(bad.outbox[0], bad.outbox[1]);
    QVERIFY(!Conversation::restore(bad));
    bad = good;
    bad.nextSeq = 2; // an entry at or beyond the next seq
    QVERIFY(!Conversation::restore(bad));
    bad = good;
    bad.outbox[1].state = MessageState::Delivered;
    QVERIFY(!Conversation::restore(bad));
    chat::Limits tiny;
    tiny.maxOutboxMessages = 1;
    QVERIFY(!Conversation::restore(good, tiny));
}

QTEST_GUILESS_MAIN(tst_ChatConversation)
#include "tst_chatconversation.moc"
