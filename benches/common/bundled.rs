// The bundled policy's names (policies/customer-service.kh), for the benches' floor and
// the tests (`include!`d by benches/common/floor.rs and tests/common/mod.rs).

/// The bundled policy's tiers, in rank order.
pub const BUNDLED_TIERS: [&str; 4] = ["初级客服", "中级客服", "高级客服", "资深客服"];
/// The bundled policy's violations, in declaration order.
pub const BUNDLED_VIOLATIONS: [&str; 9] = [
    "旷工",
    "与客户冲突",
    "带外人进入工作区",
    "私带设备",
    "突发事件超时",
    "下单差错",
    "未反馈顾客需求",
    "迟到",
    "早退",
];
