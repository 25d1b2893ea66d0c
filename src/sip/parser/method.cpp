// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <sip/parser/method.h>

namespace sip {

SipMethod MethodFromToken(std::string_view token)
{
    switch (token.size()) {
    case 3:
        if (token == "ACK") return SipMethod::ACK;
        if (token == "BYE") return SipMethod::BYE;
        break;
    case 4:
        if (token == "INFO") return SipMethod::INFO;
        break;
    case 5:
        if (token == "PRACK") return SipMethod::PRACK;
        if (token == "REFER") return SipMethod::REFER;
        break;
    case 6:
        if (token == "INVITE") return SipMethod::INVITE;
        if (token == "CANCEL") return SipMethod::CANCEL;
        if (token == "NOTIFY") return SipMethod::NOTIFY;
        if (token == "UPDATE") return SipMethod::UPDATE;
        break;
    case 7:
        if (token == "OPTIONS") return SipMethod::OPTIONS;
        if (token == "PUBLISH") return SipMethod::PUBLISH;
        if (token == "MESSAGE") return SipMethod::MESSAGE;
        break;
    case 8:
        if (token == "REGISTER") return SipMethod::REGISTER;
        break;
    case 9:
        if (token == "SUBSCRIBE") return SipMethod::SUBSCRIBE;
        break;
    }
    return SipMethod::EXTENSION;
}

std::string_view MethodName(SipMethod method)
{
    switch (method) {
    case SipMethod::EXTENSION: return "";
    case SipMethod::INVITE: return "INVITE";
    case SipMethod::ACK: return "ACK";
    case SipMethod::BYE: return "BYE";
    case SipMethod::CANCEL: return "CANCEL";
    case SipMethod::REGISTER: return "REGISTER";
    case SipMethod::OPTIONS: return "OPTIONS";
    case SipMethod::PRACK: return "PRACK";
    case SipMethod::SUBSCRIBE: return "SUBSCRIBE";
    case SipMethod::NOTIFY: return "NOTIFY";
    case SipMethod::PUBLISH: return "PUBLISH";
    case SipMethod::INFO: return "INFO";
    case SipMethod::REFER: return "REFER";
    case SipMethod::MESSAGE: return "MESSAGE";
    case SipMethod::UPDATE: return "UPDATE";
    }
    return "";
}

} // namespace sip
