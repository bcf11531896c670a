#include "inspector/stepdetails.h"

#include "crypto/crypto.h"
#include "inspector/handshakemodel.h"
#include "inspector/verdictmodel.h"
#include "window/theme.h"

#include <QCoreApplication>
#include <QDateTime>

namespace sws::ui {

namespace {

// lupdate files a tr() outside any class under its namespace: that is the catalog's context.
QString tr(const char *s) {
    return QCoreApplication::translate("sws::ui", s);
}
QString esc(const QString &s) {
    return theme::escape(s);
}
QString code(const QString &s) {
    return QStringLiteral("<code>%1</code>").arg(esc(s));
}
QString row(const QString &k, const QString &htmlValue) {
    return QStringLiteral("<tr><td class='k'>%1</td><td>%2</td></tr>").arg(esc(k), htmlValue);
}

// The 8-byte nonce and the little-endian counter it starts.
QString nonceHtml(const QByteArray &n) {
    QString s = code(toHex(n));
    if (auto c = NonceCounter::fromBytes(n))
        s += QStringLiteral(" <span class='muted'>%1</span>")
                 .arg(esc(tr("counter %1 (little-endian)").arg(c->value())));
    return s;
}

QString keyHtml(const QByteArray &k) {
    return code(toHex(k)) + QStringLiteral("<br><span class='muted'>%1</span> <b>%2</b>")
                                .arg(esc(tr("fingerprint")), code(fingerprint(k)));
}

QString fieldHtml(const QString &key, const json::Value &v) {
    if (v.isArray()) {
        auto bytes = json::arrayToBytes(v);
        if (bytes) {
            if (key.endsWith(QLatin1String("public_key")) && bytes->size() == kBoxPublicKeyBytes)
                return keyHtml(*bytes);
            if (key == QLatin1String("nonce"))
                return nonceHtml(*bytes);
            const QString preview = toHex(bytes->left(32));
            return esc(tr("%1 bytes").arg(bytes->size())) + QStringLiteral("<br>") +
                   code(preview + (bytes->size() > 32 ? QStringLiteral("…") : QString()));
        }
    }
    if (key == QLatin1String("opc") && v.isNumber()) {
        static const char *names[] = {"ClientHello", "ServerHello", "ClientReady"};
        const int opc = static_cast<int>(v.toNumber());
        if (opc >= 0 && opc < 3)
            return code(QString::number(opc)) +
                   QStringLiteral(" (%1)").arg(QString::fromLatin1(names[opc]));
    }
    return code(QString::fromUtf8(json::serialize(v)));
}

QString failureHtml(const HandshakeModel::Failure &f) {
    QString html = QStringLiteral("<h3 class='bad'>%1</h3><table class='f'>")
                       .arg(esc(tr("Failed here: %1").arg(f.name)));
    html += row(tr("Error"), code(f.name));
    html += row(tr("Reason"), esc(f.text));
    html += row(tr("Close code"),
                f.closeCode ? code(QString::number(f.closeCode)) +
                                  esc(QStringLiteral(" %1").arg(closeCodeName(f.closeCode))) +
                                  (f.byPeer ? esc(tr(" (sent by the peer)")) : QString())
                            : esc(tr("none (no WebSocket close frame)")));
    if (!f.rule.isEmpty())
        html += row(tr("Certificate rule"), code(f.rule));
    return html + QStringLiteral("</table>");
}

QString verdictHtml(const cert::Verdict &v) {
    QString html =
        QStringLiteral("<h3>%1</h3><p>%2</p><table class='f'>")
            .arg(esc(tr("Peer certificate")),
                 v.valid ? QStringLiteral("<span class='good'>%1</span>").arg(esc(tr("✔ valid")))
                         : QStringLiteral("<span class='bad'>%1</span> %2")
                               .arg(esc(tr("✘ refused:")), esc(v.message)));
    for (const cert::RuleResult &r : v.rules)
        html += row(VerdictModel::ruleTitle(r.rule),
                    QStringLiteral("<span class='%1'>%2</span> %3")
                        .arg(r.passed ? QStringLiteral("good") : QStringLiteral("bad"),
                             r.passed ? QStringLiteral("✔") : QStringLiteral("✘"),
                             esc(theme::sanitize(r.detail, 160))));
    return html + QStringLiteral("</table>");
}

QString shareKeyHtml(const std::shared_ptr<const SecretBuffer> &key, bool reveal) {
    if (!key || key->isEmpty())
        return esc(tr("not stored (transcripts never hold share keys)"));
    if (reveal)
        return code(toHex(key->copyOut())) +
               QStringLiteral(" <span class='bad'>%1</span>").arg(esc(tr("secret")));
    return code(QString(16, QChar(0x2022))) +
           QStringLiteral(" <span class='muted'>%1</span>").arg(esc(tr("masked")));
}

// Step 6: the two one-way channels the handshake set up, from the boxes of steps 3 and 4.
QString channelsHtml(const HandshakeModel &m, bool reveal) {
    const auto &serverHello = m.step(HandshakeModel::Step::ServerHello).record;
    const auto &clientReady = m.step(HandshakeModel::Step::ClientVerifies).record;
    QString html = QStringLiteral("<h3>%1</h3><table class='f'>").arg(esc(tr("Data channels")));
    auto channel = [&](const QString &name, const std::optional<HandshakeRecord> &r) {
        if (!r || !r->boxOpened)
            return row(name, esc(tr("not known on this side")));
        return row(name, esc(tr("counter starts at ")) + nonceHtml(r->boxNonce) +
                             QStringLiteral("<br>") + esc(tr("share key ")) +
                             shareKeyHtml(r->boxShareKey, reveal));
    };
    html += channel(tr("client → server"), clientReady);
    html += channel(tr("server → client"), serverHello);
    html += row(tr("Handshake boxes"), esc(tr("crypto_box: X25519 + XSalsa20-Poly1305")));
    html += row(tr("Data frames"),
                esc(tr("crypto_secretbox: XSalsa20-Poly1305, one binary frame per message; "
                       "nonce = 8-byte counter ×3, +1 per frame")));
    return html + QStringLiteral("</table>");
}

QString recordHtml(const HandshakeRecord &r, bool reveal, const QString &heading) {
    const bool sent = r.direction == HandshakeRecord::Direction::Sent;
    QString html =
        QStringLiteral("<h3>%1</h3>")
            .arg(esc(heading.arg(handshakeStepName(r.step), sent ? tr("sent") : tr("received"))));
    if (r.decoded.isObject()) {
        html += QStringLiteral("<table class='f'>");
        for (const json::Member &m : r.decoded.members())
            html += row(m.key, fieldHtml(m.key, m.value));
        html += QStringLiteral("</table>");
    }
    if (r.boxOpened) {
        html += QStringLiteral("<h3>%1</h3><p class='muted'>%2</p><table class='f'>")
                    .arg(esc(sent ? tr("Box we sealed (s_blackbox_a)")
                                  : tr("Box we opened (s_blackbox_a)")),
                         esc(tr("Only the two ends can read this: it is sealed with "
                                "crypto_box to the other side's key.")));
        html += row(tr("Nonce"), nonceHtml(r.boxNonce));
        html += row(tr("Share key"), shareKeyHtml(r.boxShareKey, reveal));
        if (!r.boxPayload.isNull()) {
            const QByteArray payload = json::serialize(r.boxPayload);
            html +=
                row(tr("Payload"), esc(tr("%1 bytes of JSON (certificate)").arg(payload.size())));
            html += QStringLiteral("</table><pre>%1</pre>").arg(esc(QString::fromUtf8(payload)));
        } else {
            html += QStringLiteral("</table>");
        }
    }
    html += QStringLiteral("<h3>%1</h3><pre>%2</pre>")
                .arg(esc(tr("Raw JSON (%1 bytes)").arg(r.rawJson.size())),
                     esc(QString::fromUtf8(r.rawJson)));
    return html;
}

} // namespace

QString stepDetailsHtml(const HandshakeModel &m, int row_, bool reveal) {
    if (row_ < 0 || row_ >= HandshakeModel::kStepCount)
        return {};
    const auto s = static_cast<HandshakeModel::Step>(row_);
    const HandshakeModel::StepData &d = m.step(row_);
    QString html = theme::htmlStyle();
    html += QStringLiteral("<h2>%1</h2>")
                .arg(esc(tr("Step %1 · %2").arg(row_ + 1).arg(HandshakeModel::title(s))));
    html += QStringLiteral("<table class='f'>");
    html += row(tr("Who"), esc(m.actor(s)));
    html +=
        row(tr("State"), esc(HandshakeModel::statusName(d.status)) +
                             (d.implicit ? esc(tr(" (implied, not observable here)")) : QString()));
    if (d.timeMs)
        html += row(tr("Time"), esc(QDateTime::fromMSecsSinceEpoch(d.timeMs).toString(
                                    QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"))) +
                                    esc(tr(" (+%1 ms)").arg(d.timeMs - m.startMs())));
    if (!d.summary.isEmpty())
        html += row(tr("Summary"), esc(d.summary));
    html += QStringLiteral("</table>");
    if (d.failure)
        html += failureHtml(*d.failure);
    if (d.verified && (!d.record || d.verified->step != d.record->step))
        html += recordHtml(*d.verified, reveal, tr("%1 checked (%2)"));
    if (d.verdict)
        html += verdictHtml(*d.verdict);
    if (d.record)
        html += recordHtml(*d.record, reveal, tr("%1 (%2)"));
    if (s == HandshakeModel::Step::Secured && d.status == HandshakeModel::Status::Done)
        html += channelsHtml(m, reveal) +
                QStringLiteral("<p class='muted'>%1</p>")
                    .arg(esc(tr("Each direction has its own share key and counter. The Traffic "
                                "tab shows every frame.")));
    if (d.status == HandshakeModel::Status::Pending)
        html += QStringLiteral("<p class='muted'>%1</p>").arg(esc(tr("Not reached yet.")));
    return html;
}

} // namespace sws::ui
