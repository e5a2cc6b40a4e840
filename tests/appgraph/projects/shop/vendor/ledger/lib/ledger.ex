defmodule Ledger do
  @moduledoc false
end
