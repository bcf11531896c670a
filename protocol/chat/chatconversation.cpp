#include "chat/chatconversation.h"

#include <QRandomGenerator>
#include <QtEndian>

#include <algorithm>

namespace sws::chat {

namespace {

void putU64(QByteArray &out, quint64 v) {
    char b[8];
    qToBigEndian(v, b);
    out.append(b, 8);
}

quint64 getU64(const QByteArray &in, qsizetype at) {
    return qFromBigEndian<quint64>(in.constData() + at);
}

} // namespace

QByteArray encode(const Envelope &e) {
    QByteArray out;
    out.reserve(e.type == Envelope::Type::Resume ? kResumeBytes
                                                 : kEnvelopeHeaderBytes + e.payload.size());
    out.append(static_cast<char>(e.type));
    putU64(out, e.seq);
    switch (e.type) {
    case Envelope::Type::Data:
        out.append(e.payload);
        break;
    case Envelope::Type::Ack:
        break;
    case Envelope::Type::Resume:
        putU64(out, e.stream);
        putU64(out, e.peerStream);
        putU64(out, e.next);
        break;
    }
    return out;
}

std::optional<Envelope> decode(const QByteArray &bytes) {
    if (bytes.size() < kEnvelopeHeaderBytes)
        return std::nullopt;
    Envelope e;
    e.seq = getU64(bytes, 1);
    switch (static_cast<quint8>(bytes.at(0))) {
    case static_cast<quint8>(Envelope::Type::Data):
        e.type = Envelope::Type::Data;
        if (e.seq == 0)
            return std::nullopt;
        e.payload = bytes.mid(kEnvelopeHeaderBytes);
        return e;
    case static_cast<quint8>(Envelope::Type::Ack):
        e.type = Envelope::Type::Ack;
        if (bytes.size() != kEnvelopeHeaderBytes)
            return std::nullopt;
        return e;
    case static_cast<quint8>(Envelope::Type::Resume):
        e.type = Envelope::Type::Resume;
        if (bytes.size() != kResumeBytes)
            return std::nullopt;
        e.stream = getU64(bytes, 9);
        e.peerStream = getU64(bytes, 17);
        e.next = getU64(bytes, 25);
        if (e.stream == 0 || e.next == 0)
            return std::nullopt;
        return e;
    default:
        return std::nullopt;
    }
}

void Conversation::Output::append(Output &&other) {
    for (auto &m : other.send)
        send.push_back(std::move(m));
    for (auto &d : other.delivered)
        delivered.push_back(std::move(d));
    for (auto &s : other.states)
        states.push_back(s);
}

Conversation::Conversation(Limits limits, quint64 stream)
    : m_limits(limits)
    , m_stream(stream) {
    while (m_stream == 0)
        m_stream = QRandomGenerator::system()->generate64();
}

std::optional<Conversation> Conversation::restore(const Snapshot &s, Limits limits) {
    if (s.stream == 0 || s.nextId == 0 || s.nextSeq == 0)
        return std::nullopt;
    if (s.outbox.size() > static_cast<std::size_t>(std::max(0, limits.maxOutboxMessages)))
        return std::nullopt;
    Conversation c(limits, s.stream);
    quint64 lastId = 0;
    quint64 lastSeq = 0;
    for (const Snapshot::Pending &p : s.outbox) {
        if (p.id <= lastId || p.seq <= lastSeq || p.id >= s.nextId || p.seq >= s.nextSeq ||
            (p.state != MessageState::Queued && p.state != MessageState::Sent) ||
            p.payload.size() > limits.maxPayloadBytes)
            return std::nullopt;
        lastId = p.id;
        lastSeq = p.seq;
        c.m_outbox.push_back(Entry{p.id, p.seq, p.payload, p.state, false});
        c.m_outboxBytes += p.payload.size();
    }
    if (c.m_outboxBytes > limits.maxOutboxBytes)
        return std::nullopt;
    c.m_nextId = s.nextId;
    c.m_nextSeq = s.nextSeq;
    c.m_peerStream = s.peerStream;
    c.m_delivered = s.peerStream == 0 ? 0 : s.deliveredUpTo;
    return c;
}

Conversation::Snapshot Conversation::snapshot() const {
    Snapshot s;
    s.stream = m_stream;
    s.nextId = m_nextId;
    s.nextSeq = m_nextSeq;
    s.peerStream = m_peerStream;
    s.deliveredUpTo = m_delivered;
    s.outbox.reserve(m_outbox.size());
    for (const Entry &e : m_outbox)
        s.outbox.push_back({e.id, e.seq, e.payload, e.state});
    return s;
}

std::optional<Conversation::Snapshot::Pending> Conversation::pending(quint64 id) const {
    auto it = std::lower_bound(m_outbox.begin(), m_outbox.end(), id,
                               [](const Entry &e, quint64 v) { return e.id < v; });
    if (it == m_outbox.end() || it->id != id)
        return std::nullopt;
    return Snapshot::Pending{it->id, it->seq, it->payload, it->state};
}

quint64 Conversation::enqueue(const QByteArray &payload, Output &out) {
    const quint64 id = m_nextId++;
    if (payload.size() > m_limits.maxPayloadBytes ||
        m_outbox.size() >= static_cast<std::size_t>(std::max(0, m_limits.maxOutboxMessages)) ||
        m_outboxBytes + payload.size() > m_limits.maxOutboxBytes) {
        out.states.push_back({id, MessageState::Failed});
        return id;
    }
    // A refused message takes no seq: the peer must not wait for it.
    m_outbox.push_back(Entry{id, m_nextSeq++, payload, MessageState::Queued, false});
    m_outboxBytes += payload.size();
    out.states.push_back({id, MessageState::Queued});
    return id;
}

QByteArray Conversation::resume() const {
    Envelope e;
    e.type = Envelope::Type::Resume;
    e.seq = m_delivered;
    e.stream = m_stream;
    e.peerStream = m_peerStream;
    e.next = next();
    return encode(e);
}

Conversation::Output Conversation::attach(bool reliable) {
    Output out;
    for (Entry &e : m_outbox)
        e.onLink = false;
    m_ackDue = false;
    m_unacked = 0;
    if (reliable) {
        m_link = Link::Resuming;
        out.send.push_back(resume());
    } else {
        m_link = Link::Plain;
        transmit(out);
    }
    return out;
}

void Conversation::detach() {
    m_link = Link::Detached;
    m_ackDue = false;
    m_unacked = 0;
}

// Writes what the current session has not carried yet, in order.
void Conversation::transmit(Output &out) {
    if (m_link == Link::Plain) {
        // A plain peer cannot acknowledge: the bytes as they are, then nothing to keep.
        while (!m_outbox.empty()) {
            Entry &e = m_outbox.front();
            out.send.push_back(e.payload);
            if (e.state == MessageState::Queued)
                out.states.push_back({e.id, MessageState::Sent});
            m_outboxBytes -= e.payload.size();
            m_outbox.pop_front();
        }
        return;
    }
    if (m_link != Link::Reliable)
        return;
    // Entries already on this session form a prefix: skip it from the back.
    auto it = m_outbox.end();
    while (it != m_outbox.begin() && !std::prev(it)->onLink)
        --it;
    for (; it != m_outbox.end(); ++it) {
        Envelope env;
        env.type = Envelope::Type::Data;
        env.seq = it->seq;
        env.payload = it->payload;
        out.send.push_back(encode(env));
        it->onLink = true;
        if (it->state == MessageState::Queued) {
            it->state = MessageState::Sent;
            out.states.push_back({it->id, MessageState::Sent});
        } else {
            ++m_stats.resent;
        }
    }
}

Conversation::Output Conversation::flush() {
    Output out;
    if (m_link == Link::Reliable && m_ackDue) {
        Envelope ack;
        ack.type = Envelope::Type::Ack;
        ack.seq = m_delivered;
        out.send.push_back(encode(ack));
        m_ackDue = false;
        m_unacked = 0;
    }
    transmit(out);
    return out;
}

Conversation::Output Conversation::giveUp() {
    Output out;
    for (const Entry &e : m_outbox)
        out.states.push_back({e.id, MessageState::Failed});
    m_outbox.clear();
    m_outboxBytes = 0;
    // The peer must stop waiting for them: a RESUME moves its expectation to next().
    if (m_link == Link::Resuming || m_link == Link::Reliable)
        out.send.push_back(resume());
    return out;
}

std::optional<MessageState> Conversation::pendingState(quint64 id) const {
    auto it = std::lower_bound(m_outbox.begin(), m_outbox.end(), id,
                               [](const Entry &e, quint64 v) { return e.id < v; });
    if (it == m_outbox.end() || it->id != id)
        return std::nullopt;
    return it->state;
}

void Conversation::acknowledged(quint64 seq, Output &out) {
    if (seq >= m_nextSeq) { // acknowledges what we never sent
        ++m_stats.malformed;
        return;
    }
    while (!m_outbox.empty() && m_outbox.front().seq <= seq) {
        const Entry &e = m_outbox.front();
        out.states.push_back({e.id, MessageState::Delivered});
        m_outboxBytes -= e.payload.size();
        m_outbox.pop_front();
    }
}

void Conversation::onResume(const Envelope &e, Output &out) {
    // The peer's stream: a new one (first contact, or the peer started afresh) begins at its
    // `next`; a known one may move forward past messages the peer gave up.
    if (e.stream != m_peerStream) {
        m_peerStream = e.stream;
        m_delivered = e.next - 1;
    } else {
        m_delivered = std::max(m_delivered, e.next - 1);
    }
    // Our stream: what the peer has delivered of it, if it knows it at all (a peer that lost
    // its state gets everything we still hold).
    if (e.peerStream == m_stream)
        acknowledged(e.seq, out);
    m_link = Link::Reliable;
    transmit(out);
}

void Conversation::onData(const Envelope &e, Output &out) {
    if (e.seq <= m_delivered) {
        ++m_stats.duplicates;
        m_ackDue = true; // the sender may have missed our acknowledgement
        return;
    }
    if (e.seq != m_delivered + 1) {
        ++m_stats.outOfOrder;
        return;
    }
    m_delivered = e.seq;
    out.delivered.push_back({e.seq, e.payload});
    m_ackDue = true;
    if (++m_unacked >= m_limits.ackEvery) {
        Envelope ack;
        ack.type = Envelope::Type::Ack;
        ack.seq = m_delivered;
        out.send.push_back(encode(ack));
        m_ackDue = false;
        m_unacked = 0;
    }
}

Conversation::Output Conversation::receive(const QByteArray &message) {
    Output out;
    switch (m_link) {
    case Link::Detached:
        return out;
    case Link::Plain:
        out.delivered.push_back({0, message});
        return out;
    case Link::Resuming:
    case Link::Reliable:
        break;
    }
    const std::optional<Envelope> e = decode(message);
    if (!e) {
        ++m_stats.malformed;
        return out;
    }
    if (e->type == Envelope::Type::Resume) {
        onResume(*e, out);
        return out;
    }
    if (m_link != Link::Reliable) { // the peer's RESUME comes first on every session
        ++m_stats.malformed;
        return out;
    }
    if (e->type == Envelope::Type::Data)
        onData(*e, out);
    else
        acknowledged(e->seq, out);
    return out;
}

} // namespace sws::chat
