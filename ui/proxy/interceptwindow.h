#pragma once

#include "cert/naclcert.h"

#include <QWidget>

#include <memory>
#include <optional>

class QCheckBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QTableView;

namespace sws {
class Proxy;
}

namespace sws::ui {

class InterceptModel;

// Connection → Intercept…: runs an sws::Proxy (version 2 when an upstream CA is given, with the
// profile's inspection CA, as `sws proxy --ca`) between a client and an upstream
// server and lets the user watch every message, pause the traffic, and forward, edit, drop,
// inject or replay messages. The proxy sees (and changes) plaintext; the README's threat model
// says when a client can be intercepted at all.
class InterceptWindow : public QWidget {
    Q_OBJECT
public:
    explicit InterceptWindow(QWidget *parent = nullptr);
    ~InterceptWindow() override;

    // For tests and for the buttons: the proxy once started (owned by the window), its model.
    Proxy *proxy() const { return m_proxy.get(); }
    InterceptModel *model() const { return m_model; }
    QLineEdit *listenEdit() const { return m_listen; }
    QLineEdit *upstreamEdit() const { return m_upstream; }
    QLineEdit *caEdit() const { return m_ca; }
    // Version 2: the CA clients must trust to reach the upstream through this window.
    std::optional<cert::Certificate> inspectionCa() const { return m_inspectionCa; }
    QPlainTextEdit *editor() const { return m_editor; }
    QTableView *table() const { return m_table; }
    // The selected message's session (or the latest one): each side's handshake steps.
    QListWidget *clientHandshakeList() const { return m_clientHandshake; }
    QListWidget *upstreamHandshakeList() const { return m_upstreamHandshake; }

    // Writes the model's transcript (InterceptModel::transcript) as JSON; false with the reason
    // in the status line.
    bool exportTranscript(const QString &path);

public Q_SLOTS:
    bool start(); // false with the reason in the status line
    void setPaused(bool paused);
    void forwardSelected(); // with the editor's text when it was changed
    void dropSelected();
    void replaySelected(); // the selected message again, the same way
    void injectToServer(); // the editor's text into the selected message's session
    void injectToClient();
    void exportTranscriptAs(); // asks for the file

private:
    int selectedRow() const;
    void inject(bool toServer);
    void updateButtons();
    void showSelected();
    void showHandshakes();
    int shownSession() const;

    std::unique_ptr<Proxy> m_proxy;
    InterceptModel *m_model = nullptr;
    QLineEdit *m_listen;
    QLineEdit *m_upstream;
    QLineEdit *m_ca;
    std::optional<cert::Certificate> m_inspectionCa;
    QPushButton *m_start;
    QLabel *m_status;
    QCheckBox *m_pause;
    QTableView *m_table;
    QPlainTextEdit *m_editor;
    QListWidget *m_clientHandshake;
    QListWidget *m_upstreamHandshake;
    QPushButton *m_export;
    int m_lastSession = 0; // shown while no message is selected
    QPushButton *m_forward, *m_drop, *m_replay, *m_injectServer, *m_injectClient;
};

} // namespace sws::ui
