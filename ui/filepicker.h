#pragma once

#include <QWidget>

class QLineEdit;
class QToolButton;

namespace sws::ui {

// A path field with a "…" button that opens a file dialog (nacl-cert JSON files).
class FilePicker : public QWidget {
    Q_OBJECT
public:
    explicit FilePicker(const QString &placeholder, QWidget *parent = nullptr);
    QString path() const;
    void setPath(const QString &p);
    QLineEdit *lineEdit() const { return m_edit; }

Q_SIGNALS:
    void pathChanged(const QString &path);

private:
    QLineEdit *m_edit;
    QToolButton *m_browse;
};

} // namespace sws::ui
