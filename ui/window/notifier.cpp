#include "window/notifier.h"

#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QLoggingCategory>
#include <QVariantMap>

Q_LOGGING_CATEGORY(lcNotify, "sws.ui.notify", QtWarningMsg)

namespace sws::ui {

namespace {
const QString kService = QStringLiteral("org.freedesktop.Notifications");
const QString kPath = QStringLiteral("/org/freedesktop/Notifications");
const QString kInterface = QStringLiteral("org.freedesktop.Notifications");
const QString kDefaultAction = QStringLiteral("default");
} // namespace

Notifier::Notifier(QObject *parent)
    : QObject(parent) {
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected())
        return; // notify() reports unavailable()
    bus.connect(kService, kPath, kInterface, QStringLiteral("ActionInvoked"), this,
                SLOT(onActionInvoked(uint, QString)));
    bus.connect(kService, kPath, kInterface, QStringLiteral("NotificationClosed"), this,
                SLOT(onClosed(uint, uint)));
}

QString Notifier::escapeBody(const QString &text) {
    QString cut = text.size() > kMaxBodyChars ? text.left(kMaxBodyChars) + QChar(0x2026) : text;
    QString out;
    out.reserve(cut.size() + 16);
    for (const QChar c : cut) {
        if (c == QLatin1Char('&'))
            out += QLatin1String("&amp;");
        else if (c == QLatin1Char('<'))
            out += QLatin1String("&lt;");
        else if (c == QLatin1Char('>'))
            out += QLatin1String("&gt;");
        else
            out += c;
    }
    return out;
}

quint64 Notifier::notify(const QString &summary, const QString &body) {
    const quint64 token = m_next++;
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected()) {
        // Queued: the caller gets the token before it hears that it went nowhere.
        QMetaObject::invokeMethod(
            this, [this, token, summary, body] { Q_EMIT unavailable(token, summary, body); },
            Qt::QueuedConnection);
        return token;
    }
    QDBusMessage call =
        QDBusMessage::createMethodCall(kService, kPath, kInterface, QStringLiteral("Notify"));
    QVariantMap hints;
    hints.insert(QStringLiteral("desktop-entry"),
                 QStringLiteral("io.github.sws_desktop.SwsDesktop"));
    hints.insert(QStringLiteral("category"), QStringLiteral("im.received"));
    call << QStringLiteral("SWS Desktop") << uint(0)
         << QStringLiteral("io.github.sws_desktop.SwsDesktop") << summary << escapeBody(body)
         << QStringList{kDefaultAction, tr("Open")} << hints << int(-1);
    auto *watcher = new QDBusPendingCallWatcher(bus.asyncCall(call), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
            [this, token, summary, body](QDBusPendingCallWatcher *w) {
                w->deleteLater();
                const QDBusPendingReply<uint> reply = *w;
                if (reply.isError()) {
                    // The error's name only: the message text never reaches a log.
                    qCInfo(lcNotify) << "no notification service:" << reply.error().name();
                    Q_EMIT unavailable(token, summary, body);
                    return;
                }
                m_tokens.insert(reply.value(), token);
            });
    return token;
}

void Notifier::onActionInvoked(uint id, const QString &action) {
    const auto it = m_tokens.constFind(id);
    if (it == m_tokens.constEnd() || action != kDefaultAction)
        return;
    Q_EMIT activated(*it);
}

void Notifier::onClosed(uint id, uint) {
    m_tokens.remove(id);
}

} // namespace sws::ui
