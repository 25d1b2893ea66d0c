// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_SIP_TRANSPORT_WEB_FILES_H
#define DOTS_SIP_TRANSPORT_WEB_FILES_H

// The browser phone's files (share/www), served over plain HTTP(S) on the SIP WebSocket ports
// under /phone/. They are read once when the SIP service starts and kept in memory, so the SIP
// thread never touches the disk; only regular files directly in the folder with plain names
// are served, so no path from a request can reach anything else.

#include <util/result.h>

#include <filesystem>
#include <map>
#include <string>
#include <string_view>

namespace sip {

/** URL prefix the phone is served under. */
inline constexpr std::string_view PHONE_URL_PREFIX = "/phone/";
/** Largest file, and largest folder, loaded. */
inline constexpr size_t MAX_WEB_FILE_SIZE = 4 << 20;
inline constexpr size_t MAX_WEB_FILES_TOTAL = 16 << 20;

class WebFiles
{
public:
    struct File {
        std::string content_type;
        std::string body;
    };

    WebFiles() = default;

    /**
     * Loads every regular file of `dir` (not its subfolders) whose name is made of letters,
     * digits, '.', '-' and '_' (and does not start with '.') and whose extension has a known
     * content type (.html .js .css .svg .png .ico .json .txt .map). Errors name the folder or
     * file (missing folder, unreadable file, over the size bounds).
     */
    static util::Result<WebFiles> Load(const std::filesystem::path& dir);

    /** The file for a request path: "/phone/" is index.html, "/phone/<name>" is <name>; null
     *  for anything else. */
    const File* Find(std::string_view path) const;

    bool Empty() const { return m_files.empty(); }
    size_t Count() const { return m_files.size(); }

private:
    std::map<std::string, File, std::less<>> m_files;
};

/** The Content-Type for a file name's extension, "" when it is not one we serve. */
std::string_view WebContentType(std::string_view file_name);

} // namespace sip

#endif // DOTS_SIP_TRANSPORT_WEB_FILES_H
