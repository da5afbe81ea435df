-- Sets record.netpol_key to the connection a flow record belongs to, the same for every
-- observation of it: Hubble client ip:port | server ip:port (replies swapped back), Calico
-- source aggregate > destination aggregate : port (both reporters alike).
function netpol_key(tag, timestamp, record)
  local flow = record["flow"] or (record["IP"] ~= nil and record) or nil
  if flow ~= nil then
    local ip = flow["IP"] or {}
    local l4 = flow["l4"] or {}
    local ports = l4["TCP"] or l4["UDP"] or l4["SCTP"] or {}
    local src = tostring(ip["source"] or "") .. ":" .. tostring(ports["source_port"] or "")
    local dst = tostring(ip["destination"] or "") .. ":" .. tostring(ports["destination_port"] or "")
    if flow["is_reply"] == true or flow["reply"] == true then
      src, dst = dst, src
    end
    record["netpol_key"] = src .. "|" .. dst
  elseif record["source_name_aggr"] ~= nil then
    record["netpol_key"] = tostring(record["source_name_aggr"]) .. ">" .. tostring(record["dest_name_aggr"])
        .. ":" .. tostring(record["dest_port"] or "")
  else
    return 0, timestamp, record -- not a flow (Hubble lost_events, agent events): unchanged, no key
  end
  return 2, timestamp, record -- record modified, timestamp kept
end
