// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <sip/transport/web_files.h>

#include <sip/parser/chars.h>
#include <util/format.h>
#include <util/fs.h>

namespace sip {
namespace {

bool IsPlainName(std::string_view name)
{
    if (name.empty() || name.size() > 128 || name.front() == '.') return false;
    for (char c : name) {
        if (!chars::IsAlpha(c) && !chars::IsDigit(c) && c != '.' && c != '-' && c != '_') return false;
    }
    return true;
}

} // namespace

std::string_view WebContentType(std::string_view name)
{
    const size_t dot = name.rfind('.');
    if (dot == std::string_view::npos) return {};
    const std::string_view ext = name.substr(dot + 1);
    if (ext == "html") return "text/html; charset=utf-8";
    if (ext == "js") return "text/javascript; charset=utf-8";
    if (ext == "css") return "text/css; charset=utf-8";
    if (ext == "svg") return "image/svg+xml";
    if (ext == "png") return "image/png";
    if (ext == "ico") return "image/x-icon";
    if (ext == "json" || ext == "map") return "application/json";
    if (ext == "txt") return "text/plain; charset=utf-8";
    return {};
}

util::Result<WebFiles> WebFiles::Load(const std::filesystem::path& dir)
{
    std::error_code ec;
    std::filesystem::directory_iterator it{dir, ec};
    if (ec) return util::Error{StrFormat("cannot read the phone folder %s: %s", dir.c_str(), ec.message().c_str())};
    WebFiles files;
    size_t total = 0;
    for (const auto& entry : it) {
        const std::string name = entry.path().filename().string();
        const std::string_view type = WebContentType(name);
        if (!IsPlainName(name) || type.empty() || !entry.is_regular_file(ec)) continue;
        auto body = ReadSmallFile(entry.path(), MAX_WEB_FILE_SIZE);
        if (!body) return util::Error{StrFormat("cannot read %s: %s", entry.path().c_str(), body.error().c_str())};
        total += body->size();
        if (total > MAX_WEB_FILES_TOTAL) return util::Error{StrFormat("the phone folder %s holds more than 16 MiB", dir.c_str())};
        files.m_files.emplace(name, File{std::string{type}, std::move(*body)});
    }
    return files;
}

const WebFiles::File* WebFiles::Find(std::string_view path) const
{
    if (path.substr(0, PHONE_URL_PREFIX.size()) != PHONE_URL_PREFIX) return nullptr;
    std::string_view name = path.substr(PHONE_URL_PREFIX.size());
    if (name.empty()) name = "index.html";
    if (!IsPlainName(name)) return nullptr;
    const auto it = m_files.find(name);
    return it == m_files.end() ? nullptr : &it->second;
}

} // namespace sip
