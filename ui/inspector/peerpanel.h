#pragma once

#include <QPointer>
#include <QWidget>

class QLabel;
class QTableView;
class QGroupBox;

namespace sws::ui {

class SessionTracker;
class VerdictModel;

// Who is on the other end: the peer's public key with the short fingerprint two people can
// read to each other, the protocol version, and for version 2 the peer's certificate with
// every validation rule passed or failed.
class PeerPanel : public QWidget {
    Q_OBJECT
public:
    explicit PeerPanel(QWidget *parent = nullptr);
    void setTracker(SessionTracker *t);
    VerdictModel *verdictModel() const { return m_verdict; }
    QLabel *javaClientWarning() const { return m_javaWarning; }

private:
    void refresh();

    QPointer<SessionTracker> m_tracker;
    VerdictModel *m_verdict;
    QLabel *m_fingerprint;
    QLabel *m_key;
    QLabel *m_ownKey;
    QLabel *m_version;
    QLabel *m_endpoint;
    QLabel *m_state;
    QGroupBox *m_certBox;
    QLabel *m_certSummary;
    QLabel *m_certFields;
    QGroupBox *m_rulesBox;
    QTableView *m_rules;
    QLabel *m_noCert;
    QLabel *m_javaWarning;
};

} // namespace sws::ui
