defmodule ShopMetrics do
  @moduledoc false
end
