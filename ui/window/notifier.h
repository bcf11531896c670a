#pragma once

#include <QHash>
#include <QObject>
#include <QString>

namespace sws::ui {

// Desktop notifications through org.freedesktop.Notifications on the session bus. No widgets:
// the window decides when to notify and what a click does. Each notify() returns a token;
// activated(token) comes back when the person clicks that notification (its "default"
// action). When no notification service answers, unavailable() says so once per failed
// notification, with what it would have shown, so that the caller can fall back to a tray.
class Notifier : public QObject {
    Q_OBJECT
public:
    static constexpr int kMaxBodyChars = 300;

    explicit Notifier(QObject *parent = nullptr);

    // summary: plain text (the spec shows it as is); body: plain text, escaped here because a
    // server may read the body as markup. Returns the token activated() reports.
    quint64 notify(const QString &summary, const QString &body);
    // &, < and > as entities; at most kMaxBodyChars characters (an ellipsis appended).
    static QString escapeBody(const QString &text);

Q_SIGNALS:
    void activated(quint64 token);
    void unavailable(quint64 token, const QString &summary, const QString &body);

private Q_SLOTS:
    void onActionInvoked(uint id, const QString &action);
    void onClosed(uint id, uint reason);

private:
    quint64 m_next = 1;
    QHash<uint, quint64> m_tokens; // server's notification id → token, until closed
};

} // namespace sws::ui
