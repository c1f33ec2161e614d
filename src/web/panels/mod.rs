//! The sections of the playground page, as view functions over the [`App`](super::app::App)'s
//! state that send its [`Msg`](super::app::Msg)s: the header and banners (`header`), an AWS
//! account's import and its report (`account`), the who-can question (`who_can`, a component of
//! its own), the what-can question (`what_can`), the endpoint
//! and principals' policy editors (`policies`), the rest of the policy stack (`layers`) and the network beside it (`network`), the
//! request context (`context`), and the list of
//! problems with the grid and the explanation (`results`), the grid pivoted on one action
//! (`pivot`), the expectations and the baseline with what changed since (`expect`). The pieces
//! the widget shows too live
//! in `controls`, `editor`, `explain` and `grid`.

pub mod account;
pub mod context;
pub mod expect;
pub mod header;
pub mod layers;
pub mod network;
pub mod pivot;
pub mod policies;
pub mod results;
pub mod what_can;
pub mod who_can;
